package dev.aedes.packet.decode;

import dev.aedes.packet.PacketException;
import dev.aedes.packet.Properties;
import dev.aedes.packet.PropertyScope;
import dev.aedes.packet.ProtocolVersion;
import dev.aedes.packet.PublishPacket;
import io.netty.buffer.ByteBuf;

/** PUBLISH ([MQTT 5.0] 3.3): flags DUP/QoS/RETAIN, topic, packet id at QoS &gt; 0, payload. */
final class PublishDecoder implements PacketDecoder {
  @Override
  public PublishPacket decode(int flags, ByteBuf body, int version) {
    boolean dup = (flags & 0x08) != 0;
    int qos = (flags & 0x06) >> 1;
    boolean retain = (flags & 0x01) != 0;
    if (qos == 3) {
      throw PacketException.malformed("PUBLISH with QoS 3 [MQTT-3.3.1-4]");
    }
    if (dup && qos == 0) {
      throw PacketException.malformed("DUP set on a QoS 0 PUBLISH [MQTT-3.3.1-2]");
    }
    String topic = FieldReader.readUtf8(body, "topic name");
    int messageId = qos > 0 ? FieldReader.readMessageId(body) : 0;
    Properties properties = version == ProtocolVersion.MQTT_5
        ? PropertiesDecoder.read(body, PropertyScope.PUBLISH)
        : Properties.EMPTY;
    if (topic.isEmpty()) {
      if (version < ProtocolVersion.MQTT_5) {
        throw PacketException.malformed("empty topic name [MQTT-4.7.3-1]");
      }
      if (properties.topicAlias() == null) {
        throw PacketException.protocolError("empty topic name without a topic alias [MQTT-3.3.2-1]");
      }
    }
    TopicChecks.checkNoWildcards(topic, "topic name");
    byte[] payload = new byte[body.readableBytes()];
    body.readBytes(payload);
    return new PublishPacket(dup, qos, retain, topic, messageId, payload, properties);
  }
}
