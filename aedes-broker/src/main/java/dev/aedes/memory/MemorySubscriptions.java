package dev.aedes.memory;

import dev.aedes.packet.Subscription;
import dev.aedes.topic.TopicTree;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The subscriptions of {@link MemoryPersistence}, by client and in a topic tree, with their
 * subscription identifiers: each client's map is guarded by its own monitor.
 */
final class MemorySubscriptions {
  private final Map<String, Map<String, Subscription>> subscriptions = new ConcurrentHashMap<>();
  private final TopicTree<String, Subscription> subscriptionTree = new TopicTree<>();
  private final Map<String, Map<String, Integer>> identifiers = new ConcurrentHashMap<>();

  void add(String clientId, Collection<Subscription> subs) {
    Map<String, Subscription> mine =
        subscriptions.computeIfAbsent(clientId, id -> new LinkedHashMap<>());
    synchronized (mine) {
      for (Subscription sub : subs) {
        mine.put(sub.topic(), sub);
        subscriptionTree.add(sub.topic(), clientId, sub);
      }
    }
  }

  void add(String clientId, Collection<Subscription> subs, int subscriptionIdentifier) {
    add(clientId, subs);
    Map<String, Integer> mine = identifiers.computeIfAbsent(clientId,
        id -> new ConcurrentHashMap<>());
    for (Subscription sub : subs) {
      if (subscriptionIdentifier > 0) {
        mine.put(sub.topic(), subscriptionIdentifier);
      } else {
        mine.remove(sub.topic());
      }
    }
  }

  Map<String, Integer> identifiers(String clientId) {
    return Map.copyOf(identifiers.getOrDefault(clientId, Map.of()));
  }

  Map<String, Map<String, Integer>> allIdentifiers() {
    Map<String, Map<String, Integer>> all = new HashMap<>();
    identifiers.forEach((clientId, mine) -> {
      if (!mine.isEmpty()) {
        all.put(clientId, Map.copyOf(mine));
      }
    });
    return all;
  }

  void remove(String clientId, Collection<String> filters) {
    Map<String, Integer> ids = identifiers.get(clientId);
    if (ids != null) {
      filters.forEach(ids::remove);
    }
    Map<String, Subscription> mine = subscriptions.get(clientId);
    if (mine != null) {
      synchronized (mine) {
        for (String filter : filters) {
          if (mine.remove(filter) != null) {
            subscriptionTree.remove(filter, clientId);
          }
        }
      }
    }
  }

  Map<String, Subscription> byClient(String clientId) {
    Map<String, Subscription> mine = subscriptions.get(clientId);
    if (mine == null) {
      return Map.of();
    }
    synchronized (mine) {
      return new LinkedHashMap<>(mine);
    }
  }

  Map<String, Map<String, Subscription>> all() {
    Map<String, Map<String, Subscription>> all = new HashMap<>();
    subscriptions.forEach((clientId, mine) -> {
      synchronized (mine) {
        if (!mine.isEmpty()) {
          all.put(clientId, new LinkedHashMap<>(mine));
        }
      }
    });
    return all;
  }

  Map<String, List<Subscription>> byTopic(String topic) {
    Map<String, List<Subscription>> result = new HashMap<>();
    subscriptionTree.match(topic,
        (clientId, sub) -> result.computeIfAbsent(clientId, id -> new ArrayList<>()).add(sub));
    return result;
  }

  /** The clients subscribed with exactly {@code topicFilter}. */
  List<String> clientList(String topicFilter) {
    List<String> clients = new ArrayList<>();
    subscriptions.forEach((clientId, mine) -> {
      synchronized (mine) {
        if (mine.containsKey(topicFilter)) {
          clients.add(clientId);
        }
      }
    });
    return clients;
  }

  /** Drops the client's subscriptions, from the tree too, and their identifiers. */
  void clean(String clientId) {
    Map<String, Subscription> mine = subscriptions.remove(clientId);
    if (mine != null) {
      synchronized (mine) {
        for (String filter : mine.keySet()) {
          subscriptionTree.remove(filter, clientId);
        }
      }
    }
    identifiers.remove(clientId);
  }

  /** Drops every client's subscriptions and identifiers; the store is not used after. */
  void clear() {
    subscriptions.clear();
    identifiers.clear();
  }
}
