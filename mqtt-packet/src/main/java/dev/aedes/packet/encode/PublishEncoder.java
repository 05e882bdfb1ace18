package dev.aedes.packet.encode;

import dev.aedes.packet.PropertyScope;
import dev.aedes.packet.ProtocolVersion;
import dev.aedes.packet.PublishPacket;
import io.netty.buffer.ByteBuf;

/**
 * PUBLISH. The payload is written last, so {@link #headerSize} and {@link #writeHeader} let the
 * generator put a caller's payload buffer behind the header without copying it.
 */
final class PublishEncoder implements PacketEncoder<PublishPacket> {
  @Override
  public int flags(PublishPacket packet) {
    return (packet.dup() ? 0x08 : 0) | packet.qos() << 1 | (packet.retain() ? 0x01 : 0);
  }

  @Override
  public int bodySize(PublishPacket packet, int version) {
    return headerSize(packet, version) + packet.payload().length;
  }

  /** The body size without the payload; validates the packet. */
  int headerSize(PublishPacket packet, int version) {
    boolean v5 = version == ProtocolVersion.MQTT_5;
    TopicRules.checkTopicName(packet.topic(), "topic", v5 && packet.properties().topicAlias() != null);
    if (packet.qos() > 0 && packet.messageId() == 0) {
      throw new IllegalArgumentException("a QoS " + packet.qos()
          + " PUBLISH needs a messageId [MQTT-2.2.1-3]");
    }
    return FieldWriter.utf8Size(packet.topic(), "topic")
        + (packet.qos() > 0 ? 2 : 0)
        + (v5 ? PropertiesEncoder.size(packet.properties(), PropertyScope.PUBLISH) : 0);
  }

  @Override
  public void writeBody(PublishPacket packet, int version, ByteBuf out) {
    writeHeader(packet, version, out);
    out.writeBytes(packet.payload());
  }

  /** Writes topic, packet id and properties: everything but the payload. */
  void writeHeader(PublishPacket packet, int version, ByteBuf out) {
    FieldWriter.writeUtf8(out, packet.topic());
    if (packet.qos() > 0) {
      out.writeShort(packet.messageId());
    }
    if (version == ProtocolVersion.MQTT_5) {
      PropertiesEncoder.write(out, packet.properties(), PropertyScope.PUBLISH);
    }
  }
}
