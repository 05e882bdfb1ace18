package dev.aedes.memory;

import dev.aedes.packet.PublishPacket;
import dev.aedes.packet.PubrelPacket;
import dev.aedes.packet.Subscription;
import dev.aedes.spi.Persistence;
import dev.aedes.spi.StoredWill;
import dev.aedes.topic.TopicFilters;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link Persistence} in the JVM heap: everything is lost with the process, as with Aedes's
 * default. Per-client structures are guarded by their own monitor; calls complete at once.
 * Subscriptions, outgoing queues and wills are held by package-private collaborators.
 */
public final class MemoryPersistence implements Persistence {
  private final Map<String, PublishPacket> retained = new ConcurrentHashMap<>();
  private final MemorySubscriptions subscriptions = new MemorySubscriptions();
  private final MemoryOutgoing outgoing = new MemoryOutgoing();
  private final Map<String, Long> sessionExpiries = new ConcurrentHashMap<>();
  private final Map<String, Map<Integer, PublishPacket>> incoming = new ConcurrentHashMap<>();
  private final MemoryWills wills = new MemoryWills();

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
    subscriptions.add(clientId, subs);
    return done(null);
  }

  @Override
  public CompletionStage<Void> addSubscriptions(String clientId, Collection<Subscription> subs,
      int subscriptionIdentifier) {
    subscriptions.add(clientId, subs, subscriptionIdentifier);
    return done(null);
  }

  @Override
  public CompletionStage<Map<String, Integer>> subscriptionIdentifiers(String clientId) {
    return done(subscriptions.identifiers(clientId));
  }

  @Override
  public CompletionStage<Map<String, Map<String, Integer>>> allSubscriptionIdentifiers() {
    return done(subscriptions.allIdentifiers());
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
    subscriptions.remove(clientId, filters);
    return done(null);
  }

  @Override
  public CompletionStage<Map<String, Subscription>> subscriptionsByClient(String clientId) {
    return done(subscriptions.byClient(clientId));
  }

  @Override
  public CompletionStage<Map<String, Map<String, Subscription>>> allSubscriptions() {
    return done(subscriptions.all());
  }

  @Override
  public CompletionStage<Map<String, List<Subscription>>> subscriptionsByTopic(String topic) {
    return done(subscriptions.byTopic(topic));
  }

  @Override
  public CompletionStage<Void> cleanSubscriptions(String clientId) {
    subscriptions.clean(clientId);
    outgoing.clean(clientId);
    sessionExpiries.remove(clientId);
    incoming.remove(clientId); // unreleased QoS 2 messages are session state too
    return done(null);
  }

  @Override
  public CompletionStage<Void> outgoingEnqueue(String clientId, PublishPacket packet) {
    outgoing.enqueue(clientId, packet);
    return done(null);
  }

  @Override
  public CompletionStage<Void> outgoingUpdate(String clientId, PublishPacket queued,
      PublishPacket sent) {
    outgoing.update(clientId, queued, sent);
    return done(null);
  }

  @Override
  public CompletionStage<Void> outgoingUpdate(String clientId, PubrelPacket pubrel) {
    outgoing.release(clientId, pubrel.messageId());
    return done(null);
  }

  @Override
  public CompletionStage<List<Integer>> outgoingReleased(String clientId) {
    return done(outgoing.released(clientId));
  }

  @Override
  public CompletionStage<PublishPacket> outgoingClearMessageId(String clientId, int messageId) {
    return done(outgoing.clear(clientId, messageId));
  }

  @Override
  public CompletionStage<Integer> outgoingDropExpired(long nowMillis) {
    return done(outgoing.dropExpired(nowMillis));
  }

  @Override
  public CompletionStage<List<PublishPacket>> outgoingStream(String clientId) {
    return done(outgoing.stream(clientId));
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
    wills.put(clientId, brokerId, will);
    return done(null);
  }

  @Override
  public CompletionStage<Void> putWillDue(String clientId, long dueAt) {
    wills.putDue(clientId, dueAt);
    return done(null);
  }

  @Override
  public CompletionStage<Map<String, Long>> allWillDues() {
    return done(wills.dues());
  }

  @Override
  public CompletionStage<PublishPacket> getWill(String clientId) {
    return done(wills.get(clientId));
  }

  @Override
  public CompletionStage<PublishPacket> delWill(String clientId) {
    return done(wills.delete(clientId));
  }

  @Override
  public CompletionStage<PublishPacket> delWillIfDue(String clientId, long dueAt) {
    return done(wills.deleteIfDue(clientId, dueAt)); // atomic against putWill
  }

  @Override
  public CompletionStage<Map<String, PublishPacket>> streamWill(Collection<String> liveBrokers) {
    return done(wills.notOf(liveBrokers));
  }

  @Override
  public CompletionStage<Map<String, StoredWill>> streamStoredWills(
      Collection<String> liveBrokers) {
    return done(wills.storedNotOf(liveBrokers));
  }

  @Override
  public CompletionStage<PublishPacket> delWillIfStored(String clientId, String brokerId,
      Long dueAt) {
    return done(wills.deleteIfStored(clientId, brokerId, dueAt)); // atomic against putWill
  }

  @Override
  public CompletionStage<List<String>> getClientList(String topicFilter) {
    return done(subscriptions.clientList(topicFilter));
  }

  @Override
  public CompletionStage<Void> destroy() {
    retained.clear();
    subscriptions.clear();
    outgoing.clear();
    sessionExpiries.clear();
    incoming.clear();
    wills.clear();
    return done(null);
  }
}
