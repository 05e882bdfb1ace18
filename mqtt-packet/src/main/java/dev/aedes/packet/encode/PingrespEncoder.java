package dev.aedes.packet.encode;

import dev.aedes.packet.PingrespPacket;
import io.netty.buffer.ByteBuf;

/** PINGRESP: a fixed header alone. */
final class PingrespEncoder implements PacketEncoder<PingrespPacket> {
  @Override
  public int bodySize(PingrespPacket packet, int version) {
    return 0;
  }

  @Override
  public void writeBody(PingrespPacket packet, int version, ByteBuf out) {
    // no body
  }
}
