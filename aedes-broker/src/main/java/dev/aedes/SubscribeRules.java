package dev.aedes;

import dev.aedes.packet.PacketException;
import dev.aedes.packet.ProtocolVersion;
import dev.aedes.packet.Subscription;
import dev.aedes.topic.TopicFilters;
import java.util.List;

/**
 * What a SUBSCRIBE may ask, filter by filter: the SUBACK reason code refusing a filter (invalid,
 * or a feature this broker has switched off), the protocol errors that end the connection, and
 * when retained messages are sent (Retain Handling).
 */
final class SubscribeRules {
  private SubscribeRules() {
  }

  /** A protocol error in the SUBSCRIBE as a whole, or null. */
  static PacketException protocolError(Client client, List<Subscription> requested) {
    if (client.protocolVersion != ProtocolVersion.MQTT_5) {
      return null;
    }
    for (Subscription sub : requested) {
      if (sub.nl() && SharedFilter.isShared(sub.topic())) {
        return PacketException.protocolError("No Local on a shared subscription [MQTT-3.8.3-4]");
      }
    }
    return null;
  }

  /**
   * The SUBACK code refusing {@code filter}, or -1 when it may be granted. MQTT 5 clients get the
   * specific reason code, others 0x80.
   */
  static int refusal(Client client, String filter, int identifier) {
    int code = refusalV5(client.broker, filter, identifier);
    return code < 0 || client.protocolVersion == ProtocolVersion.MQTT_5 ? code : 0x80;
  }

  private static int refusalV5(Aedes broker, String filter, int identifier) {
    AedesOptions options = broker.options;
    boolean shared = SharedFilter.isShared(filter);
    SharedFilter sharedFilter = shared ? SharedFilter.parse(filter) : null;
    String routed = shared ? (sharedFilter == null ? null : sharedFilter.filter()) : filter;
    if (routed == null || !TopicFilters.isValidFilter(routed)
        || !broker.subscriptions.fits(filter)) {
      return 0x8F; // Topic Filter invalid ([MQTT-4.7.1-1], [MQTT-4.8.2-1], [MQTT-4.8.2-2])
    }
    if (shared && !options.sharedSubscriptionAvailable()) {
      return 0x9E; // Shared Subscriptions not supported
    }
    if (!options.wildcardSubscriptionAvailable()
        && (routed.indexOf('+') >= 0 || routed.indexOf('#') >= 0)) {
      return 0xA2; // Wildcard Subscriptions not supported
    }
    if (identifier > 0 && !options.subscriptionIdentifiersAvailable()) {
      return 0xA1; // Subscription Identifiers not supported
    }
    return -1;
  }

  /**
   * Whether retained messages are sent for a subscription just made: Retain Handling 0 always
   * ([MQTT-3.3.1-9]), 1 when it did not exist ([MQTT-3.3.1-10]), 2 never ([MQTT-3.3.1-11]);
   * never for a shared subscription ([MQTT 5.0] 3.3.1.3: only for a Non-shared Subscription).
   */
  static boolean sendsRetained(Subscription sub, boolean existed) {
    if (SharedFilter.isShared(sub.topic())) {
      return false;
    }
    return sub.rh() == 0 || (sub.rh() == 1 && !existed);
  }
}
