package dev.aedes.packet.decode;

import dev.aedes.packet.PacketException;
import dev.aedes.packet.ReasonCode;

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
    for (int i = 0; i < topic.length(); i++) {
      char c = topic.charAt(i);
      if (c == '+' || c == '#') {
        throw new PacketException(ReasonCode.TOPIC_NAME_INVALID,
            field + " contains the wildcard '" + c + "' [MQTT-3.3.2-2]");
      }
    }
  }
}
