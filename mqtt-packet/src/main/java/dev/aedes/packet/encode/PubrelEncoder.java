package dev.aedes.packet.encode;

import dev.aedes.packet.PacketType;
import dev.aedes.packet.PubrelPacket;
import io.netty.buffer.ByteBuf;

/** PUBREL: packet id, then (MQTT 5) reason code and properties in their shortest form. */
final class PubrelEncoder implements PacketEncoder<PubrelPacket> {

  @Override
  public int flags(PubrelPacket packet) {
    return 0x02; // [MQTT-3.6.1-1]
  }

  @Override
  public int bodySize(PubrelPacket packet, int version) {
    return 2 + AckEncoding.tailSize(PacketType.PUBREL, packet.reasonCode(), packet.properties(),
        version);
  }

  @Override
  public void writeBody(PubrelPacket packet, int version, ByteBuf out) {
    out.writeShort(packet.messageId());
    AckEncoding.writeTail(out, PacketType.PUBREL, packet.reasonCode(), packet.properties(), version);
  }
}
