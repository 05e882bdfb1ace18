package dev.aedes.memory;

import dev.aedes.packet.PublishPacket;
import dev.aedes.packet.PubrelPacket;
import dev.aedes.packet.Subscription;
import dev.aedes.spi.Persistence;
import dev.aedes.spi.StoredWill;
import dev.aedes.topic.TopicFilters;
import dev.aedes.topic.TopicTree;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link Persistence} in the JVM heap: everything is lost with the process, as with Aedes's
 * default. Per-client structures are guarded by their own monitor; calls complete at once.
 */
public final class MemoryPersistence implements Persistence {
  private final Map<String, PublishPacket> retained = new ConcurrentHashMap<>();
  private final Map<String, Map<String, Subscription>> subscriptions = new ConcurrentHashMap<>();
  private final TopicTree<String, Subscription> subscriptionTree = new TopicTree<>();
  private final Map<String, List<PublishPacket>> outgoing = new ConcurrentHashMap<>();
  /** Message ids of outgoing PUBRELs awaiting PUBCOMP, per client; guarded like its queue. */
  private final Map<String, Set<Integer>> released = new ConcurrentHashMap<>();
  private final Map<String, Map<String, Integer>> identifiers = new ConcurrentHashMap<>();
  private final Map<String, Long> sessionExpiries = new ConcurrentHashMap<>();
  private final Map<String, Map<Integer, PublishPacket>> incoming = new ConcurrentHashMap<>();
  /**
   * One entry per will with its broker id and due time, so each will call is atomic on its
   * client's key.
   */
  private final Map<String, StoredWill> wills = new ConcurrentHashMap<>();

  private static <T> CompletableFuture<T> done(T value) {
    return CompletableFuture.completedFuture(value);
  }

  @Override
  public CompletionStage<Void> storeRetained(PublishPacket packet) {
    if (packet.payload().length == 0) {
      retained.remove(packet.topic()); // [MQTT-3.3.1-10]
    } else {
      retained.put(packet.topic(), packet);
    }
    return done(null);
  }

  @Override
  public long retainedCount() {
    return retained.size();
  }

  @Override
  public CompletionStage<List<PublishPacket>> retainedMatching(Collection<String> topicFilters) {
    List<PublishPacket> result = new ArrayList<>();
    for (PublishPacket packet : retained.values()) {
      for (String filter : topicFilters) {
        if (TopicFilters.matches(filter, packet.topic())) {
          result.add(packet);
          break;
        }
      }
    }
    return done(result);
  }

  @Override
  public CompletionStage<Void> addSubscriptions(String clientId,
      Collection<Subscription> subs) {
    Map<String, Subscription> mine =
        subscriptions.computeIfAbsent(clientId, id -> new LinkedHashMap<>());
    synchronized (mine) {
      for (Subscription sub : subs) {
        mine.put(sub.topic(), sub);
        subscriptionTree.add(sub.topic(), clientId, sub);
      }
    }
    return done(null);
  }

  @Override
  public CompletionStage<Void> addSubscriptions(String clientId, Collection<Subscription> subs,
      int subscriptionIdentifier) {
    addSubscriptions(clientId, subs);
    Map<String, Integer> mine = identifiers.computeIfAbsent(clientId,
        id -> new ConcurrentHashMap<>());
    for (Subscription sub : subs) {
      if (subscriptionIdentifier > 0) {
        mine.put(sub.topic(), subscriptionIdentifier);
      } else {
        mine.remove(sub.topic());
      }
    }
    return done(null);
  }

  @Override
  public CompletionStage<Map<String, Integer>> subscriptionIdentifiers(String clientId) {
    return done(Map.copyOf(identifiers.getOrDefault(clientId, Map.of())));
  }

  @Override
  public CompletionStage<Map<String, Map<String, Integer>>> allSubscriptionIdentifiers() {
    Map<String, Map<String, Integer>> all = new HashMap<>();
    identifiers.forEach((clientId, mine) -> {
      if (!mine.isEmpty()) {
        all.put(clientId, Map.copyOf(mine));
      }
    });
    return done(all);
  }

  @Override
  public CompletionStage<Void> putSessionExpiry(String clientId, long seconds) {
    sessionExpiries.put(clientId, seconds);
    return done(null);
  }

  @Override
  public CompletionStage<Map<String, Long>> allSessionExpiries() {
    return done(Map.copyOf(sessionExpiries));
  }

  @Override
  public CompletionStage<Void> removeSubscriptions(String clientId, Collection<String> filters) {
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
    return done(null);
  }

  @Override
  public CompletionStage<Map<String, Subscription>> subscriptionsByClient(String clientId) {
    Map<String, Subscription> mine = subscriptions.get(clientId);
    if (mine == null) {
      return done(Map.of());
    }
    synchronized (mine) {
      return done(new LinkedHashMap<>(mine));
    }
  }

  @Override
  public CompletionStage<Map<String, Map<String, Subscription>>> allSubscriptions() {
    Map<String, Map<String, Subscription>> all = new HashMap<>();
    subscriptions.forEach((clientId, mine) -> {
      synchronized (mine) {
        if (!mine.isEmpty()) {
          all.put(clientId, new LinkedHashMap<>(mine));
        }
      }
    });
    return done(all);
  }

  @Override
  public CompletionStage<Map<String, List<Subscription>>> subscriptionsByTopic(String topic) {
    Map<String, List<Subscription>> result = new HashMap<>();
    subscriptionTree.match(topic,
        (clientId, sub) -> result.computeIfAbsent(clientId, id -> new ArrayList<>()).add(sub));
    return done(result);
  }

  @Override
  public CompletionStage<Void> cleanSubscriptions(String clientId) {
    Map<String, Subscription> mine = subscriptions.remove(clientId);
    if (mine != null) {
      synchronized (mine) {
        for (String filter : mine.keySet()) {
          subscriptionTree.remove(filter, clientId);
        }
      }
    }
    outgoing.remove(clientId);
    released.remove(clientId);
    identifiers.remove(clientId);
    sessionExpiries.remove(clientId);
    incoming.remove(clientId); // unreleased QoS 2 messages are session state too
    return done(null);
  }

  @Override
  public CompletionStage<Void> outgoingEnqueue(String clientId, PublishPacket packet) {
    List<PublishPacket> queue = outgoing.computeIfAbsent(clientId, id -> new ArrayList<>());
    synchronized (queue) {
      queue.add(packet);
    }
    return done(null);
  }

  @Override
  public CompletionStage<Void> outgoingUpdate(String clientId, PublishPacket queued,
      PublishPacket sent) {
    List<PublishPacket> queue = outgoing.get(clientId);
    if (queue != null) {
      synchronized (queue) {
        for (int i = 0; i < queue.size(); i++) {
          if (queue.get(i) == queued) {
            queue.set(i, sent);
            break;
          }
        }
      }
    }
    return done(null);
  }

  @Override
  public CompletionStage<Void> outgoingUpdate(String clientId, PubrelPacket pubrel) {
    List<PublishPacket> queue = outgoing.computeIfAbsent(clientId, id -> new ArrayList<>());
    synchronized (queue) {
      queue.removeIf(p -> p.messageId() == pubrel.messageId());
      released.computeIfAbsent(clientId, id -> new LinkedHashSet<>()).add(pubrel.messageId());
    }
    return done(null);
  }

  @Override
  public CompletionStage<List<Integer>> outgoingReleased(String clientId) {
    List<PublishPacket> queue = outgoing.get(clientId);
    if (queue == null) {
      return done(List.of());
    }
    synchronized (queue) {
      return done(List.copyOf(released.getOrDefault(clientId, Set.of())));
    }
  }

  @Override
  public CompletionStage<PublishPacket> outgoingClearMessageId(String clientId, int messageId) {
    List<PublishPacket> queue = outgoing.get(clientId);
    if (queue != null) {
      synchronized (queue) {
        Set<Integer> pubrels = released.get(clientId);
        if (pubrels != null && pubrels.remove(messageId)) {
          return done(null);
        }
        for (int i = 0; i < queue.size(); i++) {
          if (queue.get(i).messageId() == messageId) {
            return done(queue.remove(i));
          }
        }
      }
    }
    return done(null);
  }

  @Override
  public CompletionStage<List<PublishPacket>> outgoingStream(String clientId) {
    List<PublishPacket> queue = outgoing.get(clientId);
    if (queue == null) {
      return done(List.of());
    }
    synchronized (queue) {
      return done(List.copyOf(queue));
    }
  }

  @Override
  public CompletionStage<Void> incomingStorePacket(String clientId, PublishPacket packet) {
    incoming.computeIfAbsent(clientId, id -> new ConcurrentHashMap<>())
        .put(packet.messageId(), packet);
    return done(null);
  }

  @Override
  public CompletionStage<PublishPacket> incomingGetPacket(String clientId, int messageId) {
    Map<Integer, PublishPacket> mine = incoming.get(clientId);
    return done(mine == null ? null : mine.get(messageId));
  }

  @Override
  public CompletionStage<Void> incomingDelPacket(String clientId, int messageId) {
    Map<Integer, PublishPacket> mine = incoming.get(clientId);
    if (mine != null) {
      mine.remove(messageId);
    }
    return done(null);
  }

  @Override
  public CompletionStage<Void> putWill(String clientId, String brokerId, PublishPacket will) {
    wills.put(clientId, new StoredWill(brokerId, will, null)); // a new will has no due time
    return done(null);
  }

  @Override
  public CompletionStage<Void> putWillDue(String clientId, long dueAt) {
    wills.computeIfPresent(clientId,
        (id, stored) -> new StoredWill(stored.brokerId(), stored.will(), dueAt));
    return done(null);
  }

  @Override
  public CompletionStage<Map<String, Long>> allWillDues() {
    Map<String, Long> dues = new HashMap<>();
    wills.forEach((clientId, stored) -> {
      if (stored.dueAt() != null) {
        dues.put(clientId, stored.dueAt());
      }
    });
    return done(dues);
  }

  @Override
  public CompletionStage<PublishPacket> getWill(String clientId) {
    StoredWill stored = wills.get(clientId);
    return done(stored == null ? null : stored.will());
  }

  @Override
  public CompletionStage<PublishPacket> delWill(String clientId) {
    StoredWill stored = wills.remove(clientId);
    return done(stored == null ? null : stored.will());
  }

  @Override
  public CompletionStage<PublishPacket> delWillIfDue(String clientId, long dueAt) {
    PublishPacket[] deleted = new PublishPacket[1];
    wills.computeIfPresent(clientId, (id, stored) -> {
      if (stored.dueAt() == null || stored.dueAt() != dueAt) {
        return stored; // another will, stored since
      }
      deleted[0] = stored.will();
      return null;
    });
    return done(deleted[0]);
  }

  @Override
  public CompletionStage<Map<String, PublishPacket>> streamWill(Collection<String> liveBrokers) {
    Map<String, PublishPacket> result = new HashMap<>();
    wills.forEach((clientId, stored) -> {
      if (!liveBrokers.contains(stored.brokerId())) {
        result.put(clientId, stored.will());
      }
    });
    return done(result);
  }

  @Override
  public CompletionStage<Map<String, StoredWill>> streamStoredWills(
      Collection<String> liveBrokers) {
    Map<String, StoredWill> result = new HashMap<>();
    wills.forEach((clientId, stored) -> {
      if (!liveBrokers.contains(stored.brokerId())) {
        result.put(clientId, stored);
      }
    });
    return done(result);
  }

  @Override
  public CompletionStage<PublishPacket> delWillIfStored(String clientId, String brokerId,
      Long dueAt) {
    PublishPacket[] deleted = new PublishPacket[1];
    wills.computeIfPresent(clientId, (id, stored) -> {
      if (!stored.brokerId().equals(brokerId) || !Objects.equals(stored.dueAt(), dueAt)) {
        return stored; // another will, stored since
      }
      deleted[0] = stored.will();
      return null;
    });
    return done(deleted[0]);
  }

  @Override
  public CompletionStage<List<String>> getClientList(String topicFilter) {
    List<String> clients = new ArrayList<>();
    subscriptions.forEach((clientId, mine) -> {
      synchronized (mine) {
        if (mine.containsKey(topicFilter)) {
          clients.add(clientId);
        }
      }
    });
    return done(clients);
  }

  @Override
  public CompletionStage<Void> destroy() {
    retained.clear();
    subscriptions.clear();
    outgoing.clear();
    released.clear();
    identifiers.clear();
    sessionExpiries.clear();
    incoming.clear();
    wills.clear();
    return done(null);
  }
}
