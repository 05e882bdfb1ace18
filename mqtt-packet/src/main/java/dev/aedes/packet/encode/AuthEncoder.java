package dev.aedes.packet.encode;

import dev.aedes.packet.AuthPacket;
import dev.aedes.packet.PacketType;
import dev.aedes.packet.PropertyScope;
import dev.aedes.packet.ProtocolVersion;
import io.netty.buffer.ByteBuf;

/** AUTH, which exists only in MQTT 5. */
final class AuthEncoder implements PacketEncoder<AuthPacket> {
  @Override
  public int bodySize(AuthPacket packet, int version) {
    if (version < ProtocolVersion.MQTT_5) {
      throw new IllegalArgumentException("AUTH exists only in MQTT 5, not at level " + version);
    }
    AckEncoding.tailSize(PacketType.AUTH, packet.reasonCode(), packet.properties(), version);
    if (packet.reasonCode() == 0 && packet.properties().isEmpty()) {
      return 0; // [MQTT 5.0] 3.15.2.1: reason code and properties both omitted
    }
    return 1 + PropertiesEncoder.size(packet.properties(), PropertyScope.AUTH);
  }

  @Override
  public void writeBody(AuthPacket packet, int version, ByteBuf out) {
    if (packet.reasonCode() == 0 && packet.properties().isEmpty()) {
      return;
    }
    // Unlike the acks, AUTH may not leave out the Property Length alone (3.15.2.2.1).
    out.writeByte(packet.reasonCode());
    PropertiesEncoder.write(out, packet.properties(), PropertyScope.AUTH);
  }
}
