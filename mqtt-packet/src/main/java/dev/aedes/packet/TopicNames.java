package dev.aedes.packet;

/**
 * The one rule on topic names shared by the parser, the generator and the broker: a topic name
 * holds no wildcard character ([MQTT-3.3.2-2], [MQTT-4.7.1-1]).
 */
public final class TopicNames {
  private TopicNames() {
  }

  /** The index of the first '+' or '#' in {@code topic}, or -1 when it holds none. */
  public static int wildcardIndex(String topic) {
    for (int i = 0; i < topic.length(); i++) {
      char c = topic.charAt(i);
      if (c == '+' || c == '#') {
        return i;
      }
    }
    return -1;
  }
}
