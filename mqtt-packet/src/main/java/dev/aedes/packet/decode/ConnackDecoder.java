package dev.aedes.packet.decode;

import dev.aedes.packet.ConnackPacket;
import dev.aedes.packet.PacketException;
import dev.aedes.packet.PacketType;
import dev.aedes.packet.Properties;
import dev.aedes.packet.PropertyScope;
import dev.aedes.packet.ProtocolVersion;
import dev.aedes.packet.ReasonCode;
import io.netty.buffer.ByteBuf;

/** CONNACK ([MQTT 5.0] 3.2): acknowledge flags, return/reason code, properties (5). */
final class ConnackDecoder implements PacketDecoder {
  @Override
  public ConnackPacket decode(int flags, ByteBuf body, int version) {
    int ackFlags = FieldReader.readByte(body, "connect acknowledge flags");
    if ((ackFlags & 0xFE) != 0) {
      throw PacketException.malformed("reserved CONNACK flags set [MQTT-3.2.2-1]");
    }
    boolean sessionPresent = ackFlags == 1;
    int code = FieldReader.readByte(body, "connect return code");
    boolean valid = version == ProtocolVersion.MQTT_5
        ? ReasonCode.isAllowed(PacketType.CONNACK, code)
        : code <= 5;
    if (!valid) {
      throw PacketException.malformed("CONNACK code 0x" + Integer.toHexString(code) + " is invalid");
    }
    if (sessionPresent && code != 0) {
      throw PacketException.malformed("session present with a refused connection [MQTT-3.2.2-4]");
    }
    Properties properties = version == ProtocolVersion.MQTT_5
        ? PropertiesDecoder.read(body, PropertyScope.CONNACK)
        : Properties.EMPTY;
    return new ConnackPacket(sessionPresent, code, properties);
  }
}
