package dev.aedes;

import dev.aedes.topic.TopicFilters;

/**
 * A shared subscription filter {@code $share/{shareName}/{filter}} taken apart ([MQTT 5.0]
 * 4.8.2): the ShareName is at least one character and holds no '/', '+' or '#'
 * ([MQTT-4.8.2-1], [MQTT-4.8.2-2]), and the filter after it is a valid topic filter.
 */
record SharedFilter(String shareName, String filter) {
  private static final String PREFIX = "$share/";

  /** True when {@code topicFilter} asks for a shared subscription, valid or not. */
  static boolean isShared(String topicFilter) {
    return topicFilter.startsWith(PREFIX);
  }

  /** The parts of a shared filter, or null when it is not a valid one. */
  static SharedFilter parse(String topicFilter) {
    if (!isShared(topicFilter)) {
      return null;
    }
    int slash = topicFilter.indexOf('/', PREFIX.length());
    if (slash <= PREFIX.length()) {
      return null; // no ShareName, or nothing after it ([MQTT-4.8.2-1])
    }
    String shareName = topicFilter.substring(PREFIX.length(), slash);
    String filter = topicFilter.substring(slash + 1);
    if (shareName.indexOf('+') >= 0 || shareName.indexOf('#') >= 0
        || !TopicFilters.isValidFilter(filter)) {
      return null; // [MQTT-4.8.2-2]
    }
    return new SharedFilter(shareName, filter);
  }

  /** The filter as the client wrote it. */
  String topicFilter() {
    return PREFIX + shareName + "/" + filter;
  }
}
