package dev.aedes.packet.encode;

import dev.aedes.packet.ConnackPacket;
import dev.aedes.packet.PacketType;
import dev.aedes.packet.PropertyScope;
import dev.aedes.packet.ProtocolVersion;
import dev.aedes.packet.ReasonCode;
import io.netty.buffer.ByteBuf;

/** CONNACK: flags, return code (0..5) or MQTT 5 reason code, properties (5). */
final class ConnackEncoder implements PacketEncoder<ConnackPacket> {
  @Override
  public int bodySize(ConnackPacket packet, int version) {
    int code = packet.reasonCode();
    if (version == ProtocolVersion.MQTT_5) {
      if (!ReasonCode.isAllowed(PacketType.CONNACK, code)) {
        throw new IllegalArgumentException("reason code 0x" + Integer.toHexString(code)
            + " is not valid in CONNACK");
      }
    } else if (code > 5) {
      throw new IllegalArgumentException("CONNACK return code must be 0..5: " + code);
    }
    if (packet.sessionPresent() && code != 0) {
      throw new IllegalArgumentException("sessionPresent needs return code 0 [MQTT-3.2.2-4]");
    }
    return 2 + (version == ProtocolVersion.MQTT_5
        ? PropertiesEncoder.size(packet.properties(), PropertyScope.CONNACK)
        : 0);
  }

  @Override
  public void writeBody(ConnackPacket packet, int version, ByteBuf out) {
    out.writeByte(packet.sessionPresent() ? 1 : 0);
    out.writeByte(packet.reasonCode());
    if (version == ProtocolVersion.MQTT_5) {
      PropertiesEncoder.write(out, packet.properties(), PropertyScope.CONNACK);
    }
  }
}
