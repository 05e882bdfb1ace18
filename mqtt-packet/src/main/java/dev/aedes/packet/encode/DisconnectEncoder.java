package dev.aedes.packet.encode;

import dev.aedes.packet.DisconnectPacket;
import dev.aedes.packet.PacketType;
import io.netty.buffer.ByteBuf;

/** DISCONNECT: empty before MQTT 5, then reason code and properties in their shortest form. */
final class DisconnectEncoder implements PacketEncoder<DisconnectPacket> {
  @Override
  public int bodySize(DisconnectPacket packet, int version) {
    return AckEncoding.tailSize(PacketType.DISCONNECT, packet.reasonCode(), packet.properties(),
        version);
  }

  @Override
  public void writeBody(DisconnectPacket packet, int version, ByteBuf out) {
    AckEncoding.writeTail(out, PacketType.DISCONNECT, packet.reasonCode(), packet.properties(),
        version);
  }
}
