package dev.aedes.packet.encode;

import dev.aedes.packet.TopicNames;

/** The topic-name rules an encoder enforces before writing ([MQTT 5.0] 4.7). */
final class TopicRules {
  private TopicRules() {
  }

  /** No wildcard ([MQTT-3.3.2-2]); empty only where a topic alias stands in ([MQTT-3.3.2-1]). */
  static void checkTopicName(String topic, String field, boolean emptyAllowed) {
    if (topic.isEmpty() && !emptyAllowed) {
      throw new IllegalArgumentException(field + " is empty [MQTT-4.7.3-1]");
    }
    if (TopicNames.wildcardIndex(topic) >= 0) {
      throw new IllegalArgumentException(field + " \"" + topic + "\" contains a wildcard [MQTT-3.3.2-2]");
    }
  }
}
