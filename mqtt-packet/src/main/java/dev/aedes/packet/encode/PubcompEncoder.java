package dev.aedes.packet.encode;

import dev.aedes.packet.PacketType;
import dev.aedes.packet.PubcompPacket;
import io.netty.buffer.ByteBuf;

/** PUBCOMP: packet id, then (MQTT 5) reason code and properties in their shortest form. */
final class PubcompEncoder implements PacketEncoder<PubcompPacket> {

  @Override
  public int bodySize(PubcompPacket packet, int version) {
    return 2 + AckEncoding.tailSize(PacketType.PUBCOMP, packet.reasonCode(), packet.properties(),
        version);
  }

  @Override
  public void writeBody(PubcompPacket packet, int version, ByteBuf out) {
    out.writeShort(packet.messageId());
    AckEncoding.writeTail(out, PacketType.PUBCOMP, packet.reasonCode(), packet.properties(), version);
  }
}
