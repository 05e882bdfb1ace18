package dev.aedes.packet.decode;

import dev.aedes.packet.PacketException;
import dev.aedes.packet.ReasonCode;
import dev.aedes.packet.TopicNames;

/** Checks on topic names that the parser must make ([MQTT 5.0] 4.7). */
final class TopicChecks {
  private TopicChecks() {
  }

  /** A topic name is not empty and holds no wildcard ([MQTT-3.3.2-2], [MQTT-4.7.3-1]). */
  static void checkTopicName(String topic, String field) {
    if (topic.isEmpty()) {
      throw PacketException.malformed(field + " is empty [MQTT-4.7.3-1]");
    }
    checkNoWildcards(topic, field);
  }

  static void checkNoWildcards(String topic, String field) {
    int i = TopicNames.wildcardIndex(topic);
    if (i >= 0) {
      throw new PacketException(ReasonCode.TOPIC_NAME_INVALID,
          field + " contains the wildcard '" + topic.charAt(i) + "' [MQTT-3.3.2-2]");
    }
  }
}
