package dev.aedes.connection;

import dev.aedes.packet.Parser;

/**
 * Tuning of a {@link Connection}.
 *
 * @param maxPacketSize the largest inbound packet accepted, fixed header included; a bigger one
 *     is a Packet Too Large error
 * @param writeBufferLowWaterMark stream connections: pending outbound bytes at or below which a
 *     connection that was not writable becomes writable again (and drain listeners run)
 * @param writeBufferHighWaterMark stream connections: pending outbound bytes above which the
 *     connection reports itself not writable. Netty channels use their own channel config.
 * @param autoRead whether the connection reads as soon as it exists; when false nothing is read
 *     (so no listener can miss a packet) until {@link Connection#startReading()}
 */
public record ConnectionOptions(int maxPacketSize, int writeBufferLowWaterMark,
    int writeBufferHighWaterMark, boolean autoRead) {

  /**
   * The largest packet size, Netty's default water marks (32 KiB low, 64 KiB high), reading at
   * once.
   */
  public static final ConnectionOptions DEFAULT =
      new ConnectionOptions(Parser.MAX_PACKET_SIZE, 32 * 1024, 64 * 1024, true);

  /** Checks the values. */
  public ConnectionOptions {
    if (maxPacketSize < 2 || maxPacketSize > Parser.MAX_PACKET_SIZE) {
      throw new IllegalArgumentException("maxPacketSize must be 2.." + Parser.MAX_PACKET_SIZE
          + ": " + maxPacketSize);
    }
    if (writeBufferLowWaterMark < 0 || writeBufferHighWaterMark < writeBufferLowWaterMark) {
      throw new IllegalArgumentException("water marks must satisfy 0 <= low <= high: low="
          + writeBufferLowWaterMark + ", high=" + writeBufferHighWaterMark);
    }
  }

  /** Options that read at once. */
  public ConnectionOptions(int maxPacketSize, int writeBufferLowWaterMark,
      int writeBufferHighWaterMark) {
    this(maxPacketSize, writeBufferLowWaterMark, writeBufferHighWaterMark, true);
  }

  /** A copy with another inbound packet size limit. */
  public ConnectionOptions withMaxPacketSize(int newMaxPacketSize) {
    return new ConnectionOptions(newMaxPacketSize, writeBufferLowWaterMark,
        writeBufferHighWaterMark, autoRead);
  }

  /** A copy with other stream water marks. */
  public ConnectionOptions withWriteBufferWaterMarks(int low, int high) {
    return new ConnectionOptions(maxPacketSize, low, high, autoRead);
  }

  /** A copy that reads at once ({@code true}) or only after {@link Connection#startReading()}. */
  public ConnectionOptions withAutoRead(boolean newAutoRead) {
    return new ConnectionOptions(maxPacketSize, writeBufferLowWaterMark,
        writeBufferHighWaterMark, newAutoRead);
  }
}
