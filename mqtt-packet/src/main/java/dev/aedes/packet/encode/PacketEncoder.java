package dev.aedes.packet.encode;

import dev.aedes.packet.Packet;
import io.netty.buffer.ByteBuf;

/**
 * Encodes one packet type: the fixed-header flags, the exact body size (computed first, so the
 * buffer is allocated once), then the body. {@link #bodySize} validates the packet against the
 * protocol level and throws {@link IllegalArgumentException} naming the fault.
 */
public interface PacketEncoder<P extends Packet> {
  /** The low nibble of the first byte. */
  default int flags(P packet) {
    return 0;
  }

  /** The Remaining Length; throws {@link IllegalArgumentException} for an invalid packet. */
  int bodySize(P packet, int version);

  /** Writes the variable header and payload, sized by {@link #bodySize}. */
  void writeBody(P packet, int version, ByteBuf out);
}
