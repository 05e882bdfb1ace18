package dev.aedes.packet.decode;

import dev.aedes.packet.PingreqPacket;
import io.netty.buffer.ByteBuf;

/** PINGREQ has no body; the dispatcher rejects any byte after the fixed header. */
final class PingreqDecoder implements PacketDecoder {
  @Override
  public PingreqPacket decode(int flags, ByteBuf body, int version) {
    return PingreqPacket.INSTANCE;
  }
}
