package dev.aedes.packet.encode;

import dev.aedes.packet.PacketType;
import dev.aedes.packet.Properties;
import dev.aedes.packet.PropertyScope;
import dev.aedes.packet.ProtocolVersion;
import dev.aedes.packet.ReasonCode;
import io.netty.buffer.ByteBuf;

/**
 * The MQTT 5 tail shared by PUBACK, PUBREC, PUBREL, PUBCOMP, DISCONNECT and AUTH, written in
 * its shortest form: nothing for success without properties, the reason code alone when there
 * are no properties ([MQTT 5.0] 3.4.2.1). Before MQTT 5 the tail does not exist.
 */
final class AckEncoding {
  private AckEncoding() {
  }

  static int tailSize(PacketType type, int reasonCode, Properties properties, int version) {
    if (version < ProtocolVersion.MQTT_5) {
      return 0;
    }
    if (!ReasonCode.isAllowed(type, reasonCode)) {
      throw new IllegalArgumentException("reason code 0x" + Integer.toHexString(reasonCode)
          + " is not valid in " + type);
    }
    if (properties.isEmpty()) {
      return reasonCode == 0 ? 0 : 1;
    }
    return 1 + PropertiesEncoder.size(properties, PropertyScope.of(type));
  }

  static void writeTail(ByteBuf out, PacketType type, int reasonCode, Properties properties,
      int version) {
    if (version < ProtocolVersion.MQTT_5 || (reasonCode == 0 && properties.isEmpty())) {
      return;
    }
    out.writeByte(reasonCode);
    if (!properties.isEmpty()) {
      PropertiesEncoder.write(out, properties, PropertyScope.of(type));
    }
  }
}
