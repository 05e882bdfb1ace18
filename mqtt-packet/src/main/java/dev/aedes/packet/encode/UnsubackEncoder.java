package dev.aedes.packet.encode;

import dev.aedes.packet.PacketType;
import dev.aedes.packet.PropertyScope;
import dev.aedes.packet.ProtocolVersion;
import dev.aedes.packet.ReasonCode;
import dev.aedes.packet.UnsubackPacket;
import io.netty.buffer.ByteBuf;

/** UNSUBACK: packet id; MQTT 5 adds properties and one reason code per filter. */
final class UnsubackEncoder implements PacketEncoder<UnsubackPacket> {
  @Override
  public int bodySize(UnsubackPacket packet, int version) {
    if (version < ProtocolVersion.MQTT_5) {
      return 2;
    }
    if (packet.granted().isEmpty()) {
      throw new IllegalArgumentException("an MQTT 5 UNSUBACK needs one reason code per filter");
    }
    for (int code : packet.granted()) {
      if (!ReasonCode.isAllowed(PacketType.UNSUBACK, code)) {
        throw new IllegalArgumentException("UNSUBACK code 0x" + Integer.toHexString(code)
            + " is not valid");
      }
    }
    return 2 + PropertiesEncoder.size(packet.properties(), PropertyScope.UNSUBACK)
        + packet.granted().size();
  }

  @Override
  public void writeBody(UnsubackPacket packet, int version, ByteBuf out) {
    out.writeShort(packet.messageId());
    if (version < ProtocolVersion.MQTT_5) {
      return;
    }
    PropertiesEncoder.write(out, packet.properties(), PropertyScope.UNSUBACK);
    for (int code : packet.granted()) {
      out.writeByte(code);
    }
  }
}
