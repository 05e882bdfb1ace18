package dev.aedes.packet.encode;

import dev.aedes.packet.PacketType;
import dev.aedes.packet.PubackPacket;
import io.netty.buffer.ByteBuf;

/** PUBACK: packet id, then (MQTT 5) reason code and properties in their shortest form. */
final class PubackEncoder implements PacketEncoder<PubackPacket> {

  @Override
  public int bodySize(PubackPacket packet, int version) {
    return 2 + AckEncoding.tailSize(PacketType.PUBACK, packet.reasonCode(), packet.properties(),
        version);
  }

  @Override
  public void writeBody(PubackPacket packet, int version, ByteBuf out) {
    out.writeShort(packet.messageId());
    AckEncoding.writeTail(out, PacketType.PUBACK, packet.reasonCode(), packet.properties(), version);
  }
}
