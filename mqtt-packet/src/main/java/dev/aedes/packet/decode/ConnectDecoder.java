package dev.aedes.packet.decode;

import dev.aedes.packet.ConnectPacket;
import dev.aedes.packet.PacketException;
import dev.aedes.packet.Properties;
import dev.aedes.packet.PropertyScope;
import dev.aedes.packet.ProtocolVersion;
import dev.aedes.packet.ReasonCode;
import dev.aedes.packet.Will;
import io.netty.buffer.ByteBuf;

/** CONNECT ([MQTT 5.0] 3.1, [MQTT 3.1.1] 3.1); its own protocol level governs its layout. */
final class ConnectDecoder implements PacketDecoder {
  private static final int USERNAME = 0x80;
  private static final int PASSWORD = 0x40;
  private static final int WILL_RETAIN = 0x20;
  private static final int WILL_QOS = 0x18;
  private static final int WILL = 0x04;
  private static final int CLEAN = 0x02;
  private static final int RESERVED = 0x01;

  @Override
  public ConnectPacket decode(int flags, ByteBuf body, int ignoredVersion) {
    String protocolId = FieldReader.readUtf8(body, "protocol name");
    if (!protocolId.equals("MQTT") && !protocolId.equals("MQIsdp")) {
      // [MQTT-3.1.2-1]: 3.1.1 closes without CONNACK; 5.0 may answer 0x84 first.
      throw new PacketException(ReasonCode.UNSUPPORTED_PROTOCOL_VERSION,
          "unknown protocol name \"" + protocolId + "\" [MQTT-3.1.2-1]");
    }
    int version = FieldReader.readByte(body, "protocol level");
    if (!ProtocolVersion.isSupported(version)
        || !ProtocolVersion.protocolId(version).equals(protocolId)) {
      // [MQTT-3.1.2-2]: CONNACK return code 1 (3.1.1) or reason 0x84 (5.0), then close.
      throw new PacketException(ReasonCode.UNSUPPORTED_PROTOCOL_VERSION, 1,
          "unsupported protocol level " + version + " for \"" + protocolId + "\"");
    }
    int connectFlags = FieldReader.readByte(body, "connect flags");
    if ((connectFlags & RESERVED) != 0) {
      throw PacketException.malformed("reserved connect flag set [MQTT-3.1.2-3]");
    }
    boolean hasWill = (connectFlags & WILL) != 0;
    int willQos = (connectFlags & WILL_QOS) >> 3;
    boolean willRetain = (connectFlags & WILL_RETAIN) != 0;
    if (!hasWill && (willQos != 0 || willRetain)) {
      throw PacketException.malformed("will QoS/retain set without will [MQTT-3.1.2-11]");
    }
    if (willQos == 3) {
      throw PacketException.malformed("will QoS 3 [MQTT-3.1.2-12]");
    }
    boolean hasUsername = (connectFlags & USERNAME) != 0;
    boolean hasPassword = (connectFlags & PASSWORD) != 0;
    if (hasPassword && !hasUsername && version < ProtocolVersion.MQTT_5) {
      throw PacketException.malformed("password without user name [MQTT-3.1.2-22]");
    }
    int keepalive = FieldReader.readUInt16(body, "keep alive");
    Properties properties = version == ProtocolVersion.MQTT_5
        ? PropertiesDecoder.read(body, PropertyScope.CONNECT)
        : Properties.EMPTY;
    if (properties.authenticationData() != null && properties.authenticationMethod() == null) {
      throw PacketException.protocolError(
          "authentication data without authentication method ([MQTT 5.0] 3.1.2.11.10)");
    }
    String clientId = FieldReader.readUtf8(body, "client identifier");
    Will will = null;
    if (hasWill) {
      Properties willProperties = version == ProtocolVersion.MQTT_5
          ? PropertiesDecoder.read(body, PropertyScope.WILL)
          : Properties.EMPTY;
      String willTopic = FieldReader.readUtf8(body, "will topic");
      TopicChecks.checkTopicName(willTopic, "will topic");
      byte[] willPayload = FieldReader.readBinary(body, "will payload");
      will = new Will(willTopic, willPayload, willQos, willRetain, willProperties);
    }
    String username = hasUsername ? FieldReader.readUtf8(body, "user name") : null;
    byte[] password = hasPassword ? FieldReader.readBinary(body, "password") : null;
    return new ConnectPacket(protocolId, version, (connectFlags & CLEAN) != 0, keepalive,
        clientId, will, username, password, properties);
  }
}
