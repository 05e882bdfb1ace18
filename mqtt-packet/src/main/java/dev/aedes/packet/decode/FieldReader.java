package dev.aedes.packet.decode;

import dev.aedes.packet.PacketException;
import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads the MQTT data representations ([MQTT 5.0] 1.5) from a packet body, turning every short
 * read or invalid value into a {@link PacketException}: decoders never see Netty's exceptions.
 */
public final class FieldReader {
  private FieldReader() {
  }

  /** One byte, 0..255. */
  public static int readByte(ByteBuf body, String field) {
    need(body, 1, field);
    return body.readUnsignedByte();
  }

  /** A Two Byte Integer. */
  public static int readUInt16(ByteBuf body, String field) {
    need(body, 2, field);
    return body.readUnsignedShort();
  }

  /** A Four Byte Integer, unsigned. */
  public static long readUInt32(ByteBuf body, String field) {
    need(body, 4, field);
    return body.readUnsignedInt();
  }

  /** A packet identifier, which must not be 0 ([MQTT-2.2.1-3]). */
  public static int readMessageId(ByteBuf body) {
    int messageId = readUInt16(body, "packet identifier");
    if (messageId == 0) {
      throw PacketException.malformed("packet identifier 0 is not allowed [MQTT-2.2.1-3]");
    }
    return messageId;
  }

  /**
   * A Variable Byte Integer: at most four bytes, in the fewest bytes that hold the value
   * ([MQTT-1.5.5-1]).
   */
  public static int readVarInt(ByteBuf body, String field) {
    int value = 0;
    int multiplier = 1;
    for (int i = 0; i < 4; i++) {
      need(body, 1, field);
      int b = body.readUnsignedByte();
      value += (b & 0x7F) * multiplier;
      if ((b & 0x80) == 0) {
        if (b == 0 && i > 0) {
          throw PacketException.malformed(field + ": variable byte integer not in its shortest form");
        }
        return value;
      }
      multiplier <<= 7;
    }
    throw PacketException.malformed(field + ": variable byte integer longer than 4 bytes");
  }

  /** Binary Data: a two-byte length then that many bytes, copied out. */
  public static byte[] readBinary(ByteBuf body, String field) {
    int length = readUInt16(body, field);
    need(body, length, field);
    byte[] bytes = new byte[length];
    body.readBytes(bytes);
    return bytes;
  }

  /**
   * A UTF-8 Encoded String: well-formed UTF-8 without U+0000 and without encoded surrogates
   * ([MQTT-1.5.4-1], [MQTT-1.5.4-2]); anything else is a Malformed Packet.
   */
  public static String readUtf8(ByteBuf body, String field) {
    int length = readUInt16(body, field);
    need(body, length, field);
    int start = body.readerIndex();
    boolean ascii = true;
    for (int i = start, end = start + length; i < end; i++) {
      byte b = body.getByte(i);
      if (b == 0) {
        throw PacketException.malformed(field + ": U+0000 in a UTF-8 string [MQTT-1.5.4-2]");
      }
      if (b < 0) {
        ascii = false;
      }
    }
    String value;
    if (ascii) {
      value = body.toString(start, length, StandardCharsets.ISO_8859_1);
    } else {
      value = decodeStrict(body, start, length, field);
    }
    body.skipBytes(length);
    return value;
  }

  /** Fails unless the body holds at least {@code count} more bytes. */
  public static void need(ByteBuf body, int count, String field) {
    if (body.readableBytes() < count) {
      throw PacketException.malformed("packet ends inside " + field);
    }
  }

  private static String decodeStrict(ByteBuf body, int start, int length, String field) {
    ByteBuffer bytes = body.nioBufferCount() == 1
        ? body.nioBuffer(start, length)
        : ByteBuffer.wrap(copy(body, start, length));
    try {
      // The JDK's decoder rejects overlong forms and encoded surrogates (U+D800..U+DFFF).
      CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(bytes);
      return chars.toString();
    } catch (CharacterCodingException e) {
      throw PacketException.malformed(field + ": invalid UTF-8 [MQTT-1.5.4-1]");
    }
  }

  private static byte[] copy(ByteBuf body, int start, int length) {
    byte[] bytes = new byte[length];
    body.getBytes(start, bytes);
    return bytes;
  }
}
