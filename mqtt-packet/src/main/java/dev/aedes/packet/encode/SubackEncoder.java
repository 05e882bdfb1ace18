package dev.aedes.packet.encode;

import dev.aedes.packet.PacketType;
import dev.aedes.packet.PropertyScope;
import dev.aedes.packet.ProtocolVersion;
import dev.aedes.packet.ReasonCode;
import dev.aedes.packet.SubackPacket;
import io.netty.buffer.ByteBuf;

/** SUBACK: packet id, properties (5), one code per subscription. */
final class SubackEncoder implements PacketEncoder<SubackPacket> {
  @Override
  public int bodySize(SubackPacket packet, int version) {
    boolean v5 = version == ProtocolVersion.MQTT_5;
    if (packet.granted().isEmpty()) {
      throw new IllegalArgumentException("a SUBACK needs one code per subscription");
    }
    for (int code : packet.granted()) {
      boolean valid = v5 ? ReasonCode.isAllowed(PacketType.SUBACK, code) : code <= 2 || code == 0x80;
      if (!valid) {
        throw new IllegalArgumentException("SUBACK code 0x" + Integer.toHexString(code)
            + " is not valid at level " + version);
      }
    }
    return 2 + packet.granted().size()
        + (v5 ? PropertiesEncoder.size(packet.properties(), PropertyScope.SUBACK) : 0);
  }

  @Override
  public void writeBody(SubackPacket packet, int version, ByteBuf out) {
    out.writeShort(packet.messageId());
    if (version == ProtocolVersion.MQTT_5) {
      PropertiesEncoder.write(out, packet.properties(), PropertyScope.SUBACK);
    }
    for (int code : packet.granted()) {
      out.writeByte(code);
    }
  }
}
