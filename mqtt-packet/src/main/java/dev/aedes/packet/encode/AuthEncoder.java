package dev.aedes.packet.encode;

import dev.aedes.packet.AuthPacket;
import dev.aedes.packet.PacketType;
import dev.aedes.packet.ProtocolVersion;
import io.netty.buffer.ByteBuf;

/** AUTH, which exists only in MQTT 5. */
final class AuthEncoder implements PacketEncoder<AuthPacket> {
  @Override
  public int bodySize(AuthPacket packet, int version) {
    if (version < ProtocolVersion.MQTT_5) {
      throw new IllegalArgumentException("AUTH exists only in MQTT 5, not at level " + version);
    }
    return AckEncoding.tailSize(PacketType.AUTH, packet.reasonCode(), packet.properties(), version);
  }

  @Override
  public void writeBody(AuthPacket packet, int version, ByteBuf out) {
    AckEncoding.writeTail(out, PacketType.AUTH, packet.reasonCode(), packet.properties(), version);
  }
}
