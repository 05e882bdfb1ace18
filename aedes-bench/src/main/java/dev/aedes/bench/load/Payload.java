package dev.aedes.bench.load;

import java.nio.ByteBuffer;

/**
 * The message body: publisher number, sequence number and the send time (System.nanoTime of
 * the generator, which also receives, so the clock is the same), padded to the payload size.
 */
final class Payload {
  /** Bytes of the header: int publisher, long sequence, long nanos. */
  static final int HEADER = 4 + 8 + 8;

  private Payload() {
  }

  static byte[] encode(int publisher, long sequence, long sentNanos, int size) {
    byte[] bytes = new byte[Math.max(size, HEADER)];
    ByteBuffer.wrap(bytes).putInt(publisher).putLong(sequence).putLong(sentNanos);
    return bytes;
  }

  static int publisher(byte[] payload) {
    return ByteBuffer.wrap(payload).getInt(0);
  }

  static long sequence(byte[] payload) {
    return ByteBuffer.wrap(payload).getLong(4);
  }

  static long sentNanos(byte[] payload) {
    return ByteBuffer.wrap(payload).getLong(12);
  }

  /** Whether {@code payload} can be one of ours (a stray message on the topic is ignored). */
  static boolean isValid(byte[] payload) {
    return payload.length >= HEADER;
  }
}
