package dev.aedes.persistence.rocksdb;

import dev.aedes.packet.PublishPacket;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * The records of a {@link CopyLog} segment, and the marks a queue write leaves in RocksDB's
 * default family.
 *
 * <pre>
 * record: length(4) crc32c(4) type(1) id(8) [copy: clientIdLength(2) clientId packet]
 *   length: the bytes after the crc; crc32c: of those bytes
 *   type 1, copy: a QoS 1 copy sent, {@link PacketCodec}'s stored PUBLISH with its message id
 *   type 2, ack: the copy {@code id} was acknowledged
 * mark: "journaled/" id(8) in the default family: the copy {@code id} was written to its queue
 * </pre>
 *
 * All integers big-endian. A segment file is filled with zeros before records go in, and a
 * record's length is put last: a zero length ends what is read of the segment (a record cut
 * short by a killed process is not there). A record that does not fit the file or fails its crc
 * ends it too: a machine crash can leave torn pages.
 */
final class CopyLogFormat {
  static final byte COPY = 1;
  static final byte ACK = 2;
  static final int HEADER = 8;
  static final byte[] EMPTY = new byte[0];
  private static final byte[] MARK = Keys.utf8("journaled/");
  private static final int ID_SIZE = 8;

  private CopyLogFormat() {
  }

  /** The mark of copy {@code id}; marks sort by id. */
  static byte[] mark(long id) {
    byte[] key = Arrays.copyOf(MARK, MARK.length + ID_SIZE);
    Keys.putLong(key, MARK.length, id);
    return key;
  }

  /** Before every mark. */
  static byte[] firstMark() {
    return MARK.clone();
  }

  /** After every mark. */
  static byte[] afterMarks() {
    byte[] end = MARK.clone();
    end[end.length - 1]++;
    return end;
  }

  static String segmentName(long number) {
    return String.format("%020d.log", number);
  }

  /** The segment number of a file name, or -1 when it is not a segment's. */
  static long segmentNumber(String fileName) {
    if (!fileName.matches("\\d{20}\\.log")) {
      return -1;
    }
    return Long.parseLong(fileName.substring(0, 20));
  }

  /**
   * A copy record's body after its id: clientIdLength(2) clientId packet; made before the log's
   * lock is taken.
   */
  static byte[] copyBody(String clientId, PublishPacket packet) {
    byte[] client = clientId.getBytes(StandardCharsets.UTF_8);
    byte[] prefix = new byte[2 + client.length];
    prefix[0] = (byte) (client.length >> 8);
    prefix[1] = (byte) client.length;
    System.arraycopy(client, 0, prefix, 2, client.length);
    return PacketCodec.encode(packet, prefix);
  }

  /**
   * A copy record with {@code body} ({@link #copyBody}) at the start of {@code buffer}; returns
   * the buffer, grown when needed.
   */
  static byte[] makeCopy(byte[] buffer, long id, byte[] body) {
    int length = 1 + ID_SIZE + body.length;
    byte[] out = room(buffer, HEADER + length);
    out[HEADER] = COPY;
    Keys.putLong(out, HEADER + 1, id);
    System.arraycopy(body, 0, out, HEADER + 1 + ID_SIZE, body.length);
    seal(out, length);
    return out;
  }

  /** An ack record at the start of {@code buffer}; returns the buffer, grown when needed. */
  static byte[] makeAck(byte[] buffer, long id) {
    int length = 1 + ID_SIZE;
    byte[] out = room(buffer, HEADER + length);
    out[HEADER] = ACK;
    Keys.putLong(out, HEADER + 1, id);
    seal(out, length);
    return out;
  }

  /** The whole size of a copy record with {@code body}. */
  static int copySize(byte[] body) {
    return HEADER + 1 + ID_SIZE + body.length;
  }

  /** The whole size of an ack record. */
  static final int ACK_SIZE = HEADER + 1 + ID_SIZE;

  /**
   * Copies the record of {@code size} bytes at the start of {@code record} into {@code segment}
   * at {@code at}: its length last, so that a process killed in the middle leaves a zero length
   * (no record) rather than a record cut short.
   */
  static void put(ByteBuffer segment, int at, byte[] record, int size) {
    segment.put(at + 4, record, 4, size - 4);
    VarHandle.releaseFence(); // the bytes above are in place before the length says so
    segment.putInt(at, readInt(record, 0));
  }

  /** Whether nothing is written at {@code offset}: fewer bytes than a header left, or zeros. */
  static boolean endsAt(byte[] bytes, int offset, int limit) {
    return limit - offset < HEADER || readInt(bytes, offset) == 0;
  }

  private static byte[] room(byte[] buffer, int needed) {
    return needed <= buffer.length ? buffer
        : Arrays.copyOf(buffer, Math.max(buffer.length * 2, needed));
  }

  private static void seal(byte[] out, int length) {
    writeInt(out, 0, length);
    CRC32C crc = new CRC32C();
    crc.update(out, HEADER, length);
    writeInt(out, 4, (int) crc.getValue());
  }

  /** A record read back: a copy (clientId and stored packet) or an ack (both null). */
  record Read(byte type, long id, String clientId, byte[] packet, int size) {
  }

  /**
   * The record at {@code offset} of the {@code limit} bytes read, or null when it is torn: it
   * does not fit, fails its crc or is of no known type.
   */
  static Read read(byte[] bytes, int offset, int limit) {
    if (limit - offset < HEADER) {
      return null;
    }
    int length = readInt(bytes, offset);
    if (length < 1 + ID_SIZE || length > limit - offset - HEADER) {
      return null;
    }
    CRC32C crc = new CRC32C();
    crc.update(bytes, offset + HEADER, length);
    if ((int) crc.getValue() != readInt(bytes, offset + 4)) {
      return null;
    }
    int at = offset + HEADER;
    byte type = bytes[at++];
    long id = Keys.getLong(bytes, at);
    at += ID_SIZE;
    int size = HEADER + length;
    if (type == ACK) {
      return new Read(type, id, null, null, size);
    }
    if (type != COPY || length < 1 + ID_SIZE + 2) {
      return null;
    }
    int clientLength = (bytes[at] & 0xff) << 8 | bytes[at + 1] & 0xff;
    at += 2;
    int packetLength = offset + size - at - clientLength;
    if (packetLength <= PacketCodec.MESSAGE_ID_OFFSET + 1) {
      return null;
    }
    String clientId = new String(bytes, at, clientLength, StandardCharsets.UTF_8);
    byte[] packet = Arrays.copyOfRange(bytes, at + clientLength, at + clientLength + packetLength);
    return new Read(type, id, clientId, packet, size);
  }

  private static int readInt(byte[] bytes, int at) {
    return (bytes[at] & 0xff) << 24 | (bytes[at + 1] & 0xff) << 16 | (bytes[at + 2] & 0xff) << 8
        | bytes[at + 3] & 0xff;
  }

  private static void writeInt(byte[] bytes, int at, int value) {
    bytes[at] = (byte) (value >>> 24);
    bytes[at + 1] = (byte) (value >>> 16);
    bytes[at + 2] = (byte) (value >>> 8);
    bytes[at + 3] = (byte) value;
  }
}
