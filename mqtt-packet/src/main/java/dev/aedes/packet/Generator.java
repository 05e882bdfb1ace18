package dev.aedes.packet;

import dev.aedes.packet.encode.PacketEncoders;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * Generates the bytes of a packet at a protocol level (3, 4 or 5). An invalid packet (a field
 * the level cannot carry, a property not allowed in that packet, a string MQTT cannot encode)
 * is refused with an {@link IllegalArgumentException} naming the fault; nothing is written.
 * Properties are left out below MQTT 5, as mqtt-packet does.
 */
public final class Generator {
  private Generator() {
  }

  /** The encoded size in bytes. */
  public static int size(Packet packet, int version) {
    return PacketEncoders.size(packet, version);
  }

  /** Appends the packet to {@code out}. */
  public static void write(Packet packet, int version, ByteBuf out) {
    PacketEncoders.write(packet, version, out);
  }

  /** A new buffer holding the packet; the caller releases it (or hands it to Netty). */
  public static ByteBuf generate(Packet packet, int version, ByteBufAllocator alloc) {
    return PacketEncoders.encode(packet, version, alloc);
  }

  /** The packet as a byte array. */
  public static byte[] toBytes(Packet packet, int version) {
    ByteBuf buf = generate(packet, version, ByteBufAllocator.DEFAULT);
    try {
      byte[] bytes = new byte[buf.readableBytes()];
      buf.readBytes(bytes);
      return bytes;
    } finally {
      buf.release();
    }
  }

  /**
   * A PUBLISH whose payload is a caller's buffer, placed behind the header without a copy; the
   * generator takes ownership of {@code payload}.
   */
  public static ByteBuf generatePublish(PublishPacket packet, ByteBuf payload, int version,
      ByteBufAllocator alloc) {
    return PacketEncoders.encodePublish(packet, payload, version, alloc);
  }
}
