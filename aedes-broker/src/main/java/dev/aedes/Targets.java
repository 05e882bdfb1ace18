package dev.aedes;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The ordinary subscriptions matching a message, added up per client; a message for one
 * client (the usual fan-in) needs no map.
 */
final class Targets implements BiConsumer<String, Subscribed> {
  private final String origin;
  String firstClient;
  Target first;
  Map<String, Target> byClient;

  Targets(String origin) {
    this.origin = origin;
  }

  @Override
  public void accept(String clientId, Subscribed subscribed) {
    if (subscribed.subscription().nl() && clientId.equals(origin)) {
      return; // [MQTT-3.8.3-3]
    }
    if (byClient != null) {
      byClient.computeIfAbsent(clientId, id -> new Target()).add(subscribed);
    } else if (firstClient == null) {
      firstClient = clientId;
      first = new Target();
      first.add(subscribed);
    } else if (firstClient.equals(clientId)) {
      first.add(subscribed);
    } else {
      byClient = new HashMap<>();
      byClient.put(firstClient, first);
      byClient.computeIfAbsent(clientId, id -> new Target()).add(subscribed);
    }
  }

  /** What the matching subscriptions of one client add up to. */
  static final class Target {
    int qos = -1;
    boolean retainAsPublished;
    /** Subscription Identifiers; most subscriptions have none, so no list until one comes. */
    List<Integer> ids = List.of();

    void add(Subscribed subscribed) {
      qos = Math.max(qos, subscribed.subscription().qos());
      retainAsPublished |= subscribed.subscription().rap();
      if (subscribed.identifier() > 0) {
        if (ids.isEmpty()) {
          ids = new ArrayList<>(1);
        }
        ids.add(subscribed.identifier());
      }
    }
  }
}
