package dev.aedes;

import dev.aedes.packet.PacketException;
import dev.aedes.packet.Properties;
import dev.aedes.packet.Property;
import dev.aedes.packet.PublishPacket;
import dev.aedes.packet.ReasonCode;
import java.util.HashMap;
import java.util.Map;

/**
 * The Topic Alias mappings of one MQTT 5 network connection, both directions: the client's
 * aliases resolved to topics (up to the broker's Topic Alias Maximum), and aliases the broker
 * assigns towards the client (up to the client's). Never carried to another connection
 * ([MQTT-3.3.2-7]): a new connection gets a new instance. Used on the client's lane only.
 */
final class TopicAliases {
  /** No aliases either way: MQTT 3.1.1, or before CONNECT. */
  static final TopicAliases NONE = new TopicAliases(0, 0);

  private final int inboundMaximum;
  private final int outboundMaximum;
  private final Map<Integer, String> inbound = new HashMap<>();
  private final Map<String, Integer> outbound = new HashMap<>();

  /**
   * @param inboundMaximum the Topic Alias Maximum the broker announced in CONNACK
   * @param outboundMaximum the Topic Alias Maximum the client sent in CONNECT
   */
  TopicAliases(int inboundMaximum, int outboundMaximum) {
    this.inboundMaximum = inboundMaximum;
    this.outboundMaximum = outboundMaximum;
  }

  /**
   * The client's PUBLISH with its topic: an alias with a topic sets the mapping, an alias with
   * an empty topic uses it ([MQTT-3.3.2-12]); the alias itself is removed, so it never reaches
   * another client.
   */
  PublishPacket resolve(PublishPacket packet) {
    Integer alias = packet.properties().topicAlias();
    if (alias == null) {
      return packet;
    }
    if (alias == 0 || alias > inboundMaximum) {
      // [MQTT-3.3.2-8], [MQTT-3.3.2-9], [MQTT-3.2.2-17]
      throw new PacketException(ReasonCode.TOPIC_ALIAS_INVALID,
          "topic alias " + alias + " outside 1.." + inboundMaximum);
    }
    String topic = packet.topic();
    if (topic.isEmpty()) {
      topic = inbound.get(alias);
      if (topic == null) {
        throw PacketException.protocolError("topic alias " + alias + " was never set");
      }
    } else {
      inbound.put(alias, topic);
    }
    return withTopic(packet, topic, null);
  }

  /**
   * The PUBLISH as it goes to the client: the first {@code outboundMaximum} topics sent each
   * get an alias (sent once with the topic, then with an empty topic); later topics go in full
   * ([MQTT-3.3.2-11]).
   */
  PublishPacket assign(PublishPacket packet) {
    if (packet.properties().topicAlias() != null) {
      packet = withTopic(packet, packet.topic(), null); // only this connection's aliases go out
    }
    if (outboundMaximum == 0) {
      return packet;
    }
    Integer alias = outbound.get(packet.topic());
    if (alias != null) {
      return withTopic(packet, "", alias);
    }
    if (outbound.size() < outboundMaximum) {
      alias = outbound.size() + 1;
      outbound.put(packet.topic(), alias);
      return withTopic(packet, packet.topic(), alias);
    }
    return packet;
  }

  private static PublishPacket withTopic(PublishPacket packet, String topic, Integer alias) {
    Properties properties = packet.properties().toBuilder()
        .set(Property.TOPIC_ALIAS, alias).build();
    return new PublishPacket(packet.dup(), packet.qos(), packet.retain(), topic,
        packet.messageId(), packet.payload(), properties);
  }
}
