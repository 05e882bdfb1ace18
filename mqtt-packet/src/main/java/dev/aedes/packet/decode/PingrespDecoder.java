package dev.aedes.packet.decode;

import dev.aedes.packet.PingrespPacket;
import io.netty.buffer.ByteBuf;

/** PINGRESP has no body; the dispatcher rejects any byte after the fixed header. */
final class PingrespDecoder implements PacketDecoder {
  @Override
  public PingrespPacket decode(int flags, ByteBuf body, int version) {
    return PingrespPacket.INSTANCE;
  }
}
