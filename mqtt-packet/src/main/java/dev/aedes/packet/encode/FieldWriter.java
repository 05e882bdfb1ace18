package dev.aedes.packet.encode;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;

/**
 * Sizes and writes the MQTT data representations ([MQTT 5.0] 1.5). Sizing also validates, so
 * an encoder refuses a bad value before it writes a byte.
 */
public final class FieldWriter {
  /** The largest Remaining Length a fixed header can express. */
  public static final int MAX_REMAINING_LENGTH = 268_435_455;

  private FieldWriter() {
  }

  /**
   * The encoded size of a UTF-8 string field (two-byte length included). Refuses U+0000,
   * unpaired surrogates and strings over 65,535 bytes ([MQTT-1.5.4-1], [MQTT-1.5.4-2]).
   */
  public static int utf8Size(String value, String field) {
    if (value == null) {
      throw new IllegalArgumentException(field + " is missing");
    }
    int length = value.length();
    // One pass validates and counts the UTF-8 bytes.
    int bytes = length;
    for (int i = 0; i < length; i++) {
      char c = value.charAt(i);
      if (c < 0x80) {
        if (c == 0) {
          throw new IllegalArgumentException(field + " contains U+0000 [MQTT-1.5.4-2]");
        }
      } else if (c < 0x800) {
        bytes += 1;
      } else if (!Character.isSurrogate(c)) {
        bytes += 2;
      } else if (Character.isHighSurrogate(c) && i + 1 < length
          && Character.isLowSurrogate(value.charAt(i + 1))) {
        i++;
        bytes += 2; // two chars, four bytes
      } else {
        throw new IllegalArgumentException(field + " contains an unpaired surrogate [MQTT-1.5.4-1]");
      }
    }
    if (bytes > 0xFFFF) {
      throw new IllegalArgumentException(field + " is " + bytes + " bytes, over 65535");
    }
    return 2 + bytes;
  }

  /** The encoded size of a Binary Data field (two-byte length included). */
  public static int binarySize(byte[] value, String field) {
    if (value == null) {
      throw new IllegalArgumentException(field + " is missing");
    }
    if (value.length > 0xFFFF) {
      throw new IllegalArgumentException(field + " is " + value.length + " bytes, over 65535");
    }
    return 2 + value.length;
  }

  /** The number of bytes a Variable Byte Integer takes. */
  public static int varIntSize(int value) {
    if (value < 0 || value > MAX_REMAINING_LENGTH) {
      throw new IllegalArgumentException("variable byte integer out of range: " + value);
    }
    return value < 128 ? 1 : value < 16_384 ? 2 : value < 2_097_152 ? 3 : 4;
  }

  /**
   * Writes a UTF-8 string sized with {@link #utf8Size}. Reserves exactly the encoded length:
   * {@code ByteBufUtil.writeUtf8} reserves three bytes per char, which overflows the
   * exactly-sized buffers the encoders allocate when a short string ends the packet.
   */
  public static void writeUtf8(ByteBuf out, String value) {
    int bytes = ByteBufUtil.utf8Bytes(value);
    out.writeShort(bytes);
    ByteBufUtil.reserveAndWriteUtf8(out, value, bytes);
  }

  /** Writes Binary Data sized with {@link #binarySize}. */
  public static void writeBinary(ByteBuf out, byte[] value) {
    out.writeShort(value.length);
    out.writeBytes(value);
  }

  /** Writes a Variable Byte Integer in its shortest form. */
  public static void writeVarInt(ByteBuf out, int value) {
    do {
      int b = value & 0x7F;
      value >>>= 7;
      out.writeByte(value > 0 ? b | 0x80 : b);
    } while (value > 0);
  }
}
