package dev.aedes.packet.encode;

import dev.aedes.packet.ConnectPacket;
import dev.aedes.packet.PropertyScope;
import dev.aedes.packet.ProtocolVersion;
import dev.aedes.packet.Will;
import io.netty.buffer.ByteBuf;

/** CONNECT; the packet's own {@code protocolVersion} decides its layout. */
final class ConnectEncoder implements PacketEncoder<ConnectPacket> {
  @Override
  public int bodySize(ConnectPacket packet, int ignoredVersion) {
    int version = packet.protocolVersion();
    if (!ProtocolVersion.isSupported(version)) {
      throw new IllegalArgumentException("unsupported protocolVersion " + version);
    }
    if (!ProtocolVersion.protocolId(version).equals(packet.protocolId())) {
      throw new IllegalArgumentException("protocolId \"" + packet.protocolId()
          + "\" does not match protocolVersion " + version);
    }
    if (packet.password() != null && packet.username() == null
        && version < ProtocolVersion.MQTT_5) {
      throw new IllegalArgumentException("a password needs a username before MQTT 5 [MQTT-3.1.2-22]");
    }
    boolean v5 = version == ProtocolVersion.MQTT_5;
    int size = FieldWriter.utf8Size(packet.protocolId(), "protocolId") + 1 + 1 + 2;
    if (v5) {
      size += PropertiesEncoder.size(packet.properties(), PropertyScope.CONNECT);
      if (packet.properties().authenticationData() != null
          && packet.properties().authenticationMethod() == null) {
        throw new IllegalArgumentException(
            "authenticationData needs an authenticationMethod ([MQTT 5.0] 3.1.2.11.10)");
      }
    }
    size += FieldWriter.utf8Size(packet.clientId(), "clientId");
    Will will = packet.will();
    if (will != null) {
      if (v5) {
        size += PropertiesEncoder.size(will.properties(), PropertyScope.WILL);
      }
      TopicRules.checkTopicName(will.topic(), "will topic", false);
      size += FieldWriter.utf8Size(will.topic(), "will topic");
      size += FieldWriter.binarySize(will.payload(), "will payload");
    }
    if (packet.username() != null) {
      size += FieldWriter.utf8Size(packet.username(), "username");
    }
    if (packet.password() != null) {
      size += FieldWriter.binarySize(packet.password(), "password");
    }
    return size;
  }

  @Override
  public void writeBody(ConnectPacket packet, int ignoredVersion, ByteBuf out) {
    boolean v5 = packet.protocolVersion() == ProtocolVersion.MQTT_5;
    Will will = packet.will();
    int flags = (packet.username() != null ? 0x80 : 0)
        | (packet.password() != null ? 0x40 : 0)
        | (will != null && will.retain() ? 0x20 : 0)
        | (will != null ? will.qos() << 3 | 0x04 : 0)
        | (packet.clean() ? 0x02 : 0);
    FieldWriter.writeUtf8(out, packet.protocolId());
    out.writeByte(packet.protocolVersion());
    out.writeByte(flags);
    out.writeShort(packet.keepalive());
    if (v5) {
      PropertiesEncoder.write(out, packet.properties(), PropertyScope.CONNECT);
    }
    FieldWriter.writeUtf8(out, packet.clientId());
    if (will != null) {
      if (v5) {
        PropertiesEncoder.write(out, will.properties(), PropertyScope.WILL);
      }
      FieldWriter.writeUtf8(out, will.topic());
      FieldWriter.writeBinary(out, will.payload());
    }
    if (packet.username() != null) {
      FieldWriter.writeUtf8(out, packet.username());
    }
    if (packet.password() != null) {
      FieldWriter.writeBinary(out, packet.password());
    }
  }
}
