package dev.aedes;

import dev.aedes.packet.Subscription;
import dev.aedes.topic.TopicTree;
import java.util.function.BiConsumer;

/**
 * Every session's subscriptions on this broker, as routing needs them: ordinary ones in a topic
 * tree by client id, shared ones ({@code $share/...}) in their groups.
 */
final class Subscriptions {
  private final TopicTree<String, Subscribed> tree = new TopicTree<>();
  final SharedSubscriptions shared;

  Subscriptions(SharedSubscriptionStrategy strategy) {
    this.shared = new SharedSubscriptions(strategy);
  }

  /** True if the filter (a shared one: the filter after the ShareName) fits the depth limit. */
  boolean fits(String filter) {
    SharedFilter sharedFilter = SharedFilter.parse(filter);
    return sharedFilter != null ? shared.fits(sharedFilter) : tree.fits(filter);
  }

  /** Adds or replaces the client's subscription to {@code sub.topic()}. */
  void add(String clientId, Subscription sub, int identifier) {
    Subscribed subscribed = new Subscribed(sub, identifier);
    SharedFilter sharedFilter = SharedFilter.parse(sub.topic());
    if (sharedFilter != null) {
      shared.add(sharedFilter, clientId, subscribed);
    } else {
      tree.add(sub.topic(), clientId, subscribed);
    }
  }

  /** Removes the client's subscription to {@code filter}, if any. */
  void remove(String filter, String clientId) {
    SharedFilter sharedFilter = SharedFilter.parse(filter);
    if (sharedFilter != null) {
      shared.remove(sharedFilter, clientId);
    } else {
      tree.remove(filter, clientId);
    }
  }

  /** Visits each ordinary (not shared) subscription matching {@code topic}. */
  void match(String topic, BiConsumer<String, Subscribed> visitor) {
    tree.match(topic, visitor);
  }
}
