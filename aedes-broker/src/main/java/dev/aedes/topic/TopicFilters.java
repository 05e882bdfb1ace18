package dev.aedes.topic;

import dev.aedes.packet.TopicNames;

/** MQTT topic name and topic filter rules ([MQTT 5.0] 4.7). */
public final class TopicFilters {
  private TopicFilters() {
  }

  /**
   * A valid filter is non-empty, has '#' only as the whole last level and '+' only as a whole
   * level ([MQTT-4.7.1-1], [MQTT-4.7.1-2], [MQTT-4.7.3-1]) and holds no U+0000.
   */
  public static boolean isValidFilter(String filter) {
    int length = filter.length();
    if (length == 0) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      char c = filter.charAt(i);
      boolean levelStart = i == 0 || filter.charAt(i - 1) == '/';
      boolean levelEnd = i == length - 1 || filter.charAt(i + 1) == '/';
      if (c == '#' && (!levelStart || i != length - 1)) {
        return false;
      }
      if (c == '+' && (!levelStart || !levelEnd)) {
        return false;
      }
      if (c == 0) {
        return false;
      }
    }
    return true;
  }

  /** A valid topic name is non-empty and has no wildcard ([MQTT-3.3.2-2]). */
  public static boolean isValidTopic(String topic) {
    return !topic.isEmpty() && TopicNames.wildcardIndex(topic) < 0 && topic.indexOf(0) < 0;
  }

  /**
   * True if {@code topic} matches {@code filter}. A topic starting with '$' is not matched by
   * a filter starting with a wildcard ([MQTT-4.7.2-1]); "a/#" also matches "a".
   */
  public static boolean matches(String filter, String topic) {
    if (!topic.isEmpty() && topic.charAt(0) == '$' && !filter.isEmpty()
        && (filter.charAt(0) == '+' || filter.charAt(0) == '#')) {
      return false;
    }
    int fl = filter.length();
    int tl = topic.length();
    int fi = 0;
    int ti = 0;
    while (true) {
      int fEnd = levelEnd(filter, fi);
      if (fEnd - fi == 1 && filter.charAt(fi) == '#') {
        return true;
      }
      int tEnd = levelEnd(topic, ti);
      boolean plus = fEnd - fi == 1 && filter.charAt(fi) == '+';
      if (!plus && (fEnd - fi != tEnd - ti || !filter.regionMatches(fi, topic, ti, fEnd - fi))) {
        return false;
      }
      boolean filterDone = fEnd == fl;
      boolean topicDone = tEnd == tl;
      if (filterDone || topicDone) {
        // "a/#" also matches the parent "a" ([MQTT 5.0] 4.7.1.2)
        return filterDone == topicDone
            || (topicDone && fEnd + 2 == fl && filter.charAt(fEnd + 1) == '#');
      }
      fi = fEnd + 1;
      ti = tEnd + 1;
    }
  }

  private static int levelEnd(String s, int from) {
    int slash = s.indexOf('/', from);
    return slash < 0 ? s.length() : slash;
  }

  /** True for a shared subscription filter, {@code $share/{group}/{filter}} (MQTT 5). */
  public static boolean isShared(String filter) {
    return filter.startsWith("$share/");
  }
}
