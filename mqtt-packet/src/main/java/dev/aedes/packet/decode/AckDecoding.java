package dev.aedes.packet.decode;

import dev.aedes.packet.PacketException;
import dev.aedes.packet.PacketType;
import dev.aedes.packet.Properties;
import dev.aedes.packet.PropertyScope;
import dev.aedes.packet.ProtocolVersion;
import dev.aedes.packet.ReasonCode;
import io.netty.buffer.ByteBuf;

/**
 * The MQTT 5 tail shared by PUBACK, PUBREC, PUBREL, PUBCOMP, DISCONNECT and AUTH: a reason code
 * that may be left out when 0 and no properties follow, then properties that may be left out.
 */
final class AckDecoding {
  private AckDecoding() {
  }

  /** Reads the reason code (0 when absent) and checks that it is valid for {@code type}. */
  static int readReasonCode(ByteBuf body, PacketType type, int version) {
    if (version < ProtocolVersion.MQTT_5 || !body.isReadable()) {
      return 0;
    }
    int reasonCode = body.readUnsignedByte();
    if (!ReasonCode.isAllowed(type, reasonCode)) {
      throw PacketException.malformed(
          "reason code 0x" + Integer.toHexString(reasonCode) + " is not valid in " + type);
    }
    return reasonCode;
  }

  /** Reads the properties when any bytes remain (MQTT 5 only). */
  static Properties readProperties(ByteBuf body, PacketType type, int version) {
    if (version < ProtocolVersion.MQTT_5 || !body.isReadable()) {
      return Properties.EMPTY;
    }
    return PropertiesDecoder.read(body, PropertyScope.of(type));
  }
}
