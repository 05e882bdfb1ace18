package dev.aedes.packet.encode;

import dev.aedes.packet.PingreqPacket;
import io.netty.buffer.ByteBuf;

/** PINGREQ: a fixed header alone. */
final class PingreqEncoder implements PacketEncoder<PingreqPacket> {
  @Override
  public int bodySize(PingreqPacket packet, int version) {
    return 0;
  }

  @Override
  public void writeBody(PingreqPacket packet, int version, ByteBuf out) {
    // no body
  }
}
