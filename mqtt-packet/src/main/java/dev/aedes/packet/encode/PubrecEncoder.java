package dev.aedes.packet.encode;

import dev.aedes.packet.PacketType;
import dev.aedes.packet.PubrecPacket;
import io.netty.buffer.ByteBuf;

/** PUBREC: packet id, then (MQTT 5) reason code and properties in their shortest form. */
final class PubrecEncoder implements PacketEncoder<PubrecPacket> {

  @Override
  public int bodySize(PubrecPacket packet, int version) {
    return 2 + AckEncoding.tailSize(PacketType.PUBREC, packet.reasonCode(), packet.properties(),
        version);
  }

  @Override
  public void writeBody(PubrecPacket packet, int version, ByteBuf out) {
    out.writeShort(packet.messageId());
    AckEncoding.writeTail(out, PacketType.PUBREC, packet.reasonCode(), packet.properties(), version);
  }
}
