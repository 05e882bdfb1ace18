package dev.aedes.packet.encode;

import static dev.aedes.packet.Fixtures.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import org.junit.jupiter.api.Test;

class FieldWriterUtf8Test {

  @Test
  void utf8StringFitsABufferOfExactlyItsEncodedSize() {
    // Generator allocates exact-size buffers; a string at the end must not need spare room.
    String value = "raw";
    ByteBuf out = PooledByteBufAllocator.DEFAULT.buffer(5, 5);
    try {
      FieldWriter.writeUtf8(out, value);
      assertThat(ByteBufUtil.getBytes(out)).isEqualTo(bytes(
          0x00, 0x03,       // string length 3 [MQTT 5.0] 1.5.4
          'r', 'a', 'w'));  // the characters
    } finally {
      out.release();
    }
  }

  @Test
  void multiByteCharactersAreCountedInBytesNotChars() {
    String value = "é€😀";  // 2 + 3 + 4 bytes in UTF-8
    ByteBuf out = PooledByteBufAllocator.DEFAULT.buffer(11, 11);
    try {
      FieldWriter.writeUtf8(out, value);
      assertThat(ByteBufUtil.getBytes(out)).isEqualTo(bytes(
          0x00, 0x09,                   // string length 9
          0xC3, 0xA9,                   // U+00E9
          0xE2, 0x82, 0xAC,             // U+20AC
          0xF0, 0x9F, 0x98, 0x80));     // U+1F600, one surrogate pair
    } finally {
      out.release();
    }
  }
}
