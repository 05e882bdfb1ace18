package dev.aedes.spi;

import dev.aedes.packet.PublishPacket;
import dev.aedes.packet.PubrelPacket;
import dev.aedes.packet.Subscription;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * Where the broker keeps what must outlive a connection (aedes-persistence's contract):
 * retained messages, subscriptions of persistent sessions, their outgoing queues with message
 * ids, incoming QoS 2 messages awaiting PUBREL, and wills. Every call is asynchronous so that a
 * disk or network store fits unchanged; results must not be mutated by the caller.
 */
public interface Persistence {
  /** Stores a retained message, replacing the topic's previous one; an empty payload deletes. */
  CompletionStage<Void> storeRetained(PublishPacket packet);

  /**
   * How many retained messages are stored, if the store can tell cheaply (it is read for
   * metrics on every scrape); -1 when it cannot.
   */
  default long retainedCount() {
    return -1;
  }

  /** Retained messages whose topic matches any of the filters (MQTT wildcard rules). */
  CompletionStage<List<PublishPacket>> retainedMatching(Collection<String> topicFilters);

  /** Adds or replaces subscriptions of a client (by topic filter). */
  CompletionStage<Void> addSubscriptions(String clientId, Collection<Subscription> subscriptions);

  /**
   * Adds or replaces subscriptions of a client made by one SUBSCRIBE whose Subscription
   * Identifier is {@code subscriptionIdentifier} (MQTT 5; 0 for none, which drops an identifier
   * stored for the same filter before). A store that cannot keep identifiers stores the
   * subscriptions only: after a restart their messages then carry none.
   */
  default CompletionStage<Void> addSubscriptions(String clientId,
      Collection<Subscription> subscriptions, int subscriptionIdentifier) {
    return addSubscriptions(clientId, subscriptions);
  }

  /** The Subscription Identifier of each stored subscription of a client that has one. */
  default CompletionStage<Map<String, Integer>> subscriptionIdentifiers(String clientId) {
    return CompletableFuture.completedFuture(Map.of());
  }

  /**
   * Every stored Subscription Identifier, as client id to identifier by topic filter: loaded
   * at start with {@link #allSubscriptions}.
   */
  default CompletionStage<Map<String, Map<String, Integer>>> allSubscriptionIdentifiers() {
    return CompletableFuture.completedFuture(Map.of());
  }

  /**
   * Stores the Session Expiry Interval of a persistent session in seconds (MQTT 5; 0xFFFFFFFF
   * never), so a session recovered after a restart still ends; removed with the session by
   * {@link #cleanSubscriptions}. A store that cannot keep it ignores it: its recovered sessions
   * then wait for their clients without expiring.
   */
  default CompletionStage<Void> putSessionExpiry(String clientId, long seconds) {
    return CompletableFuture.completedFuture(null);
  }

  /** Every stored Session Expiry Interval, as client id to seconds. */
  default CompletionStage<Map<String, Long>> allSessionExpiries() {
    return CompletableFuture.completedFuture(Map.of());
  }

  /** Removes subscriptions of a client by topic filter. */
  CompletionStage<Void> removeSubscriptions(String clientId, Collection<String> topicFilters);

  /** The stored subscriptions of a client, keyed by topic filter. */
  CompletionStage<Map<String, Subscription>> subscriptionsByClient(String clientId);

  /**
   * Every stored subscription of every client, as client id to its subscriptions keyed by
   * topic filter: the broker loads them at start, so the sessions of clients that are away
   * receive messages again after a restart. A store that cannot list them fails the stage
   * with an UnsupportedOperationException (the broker then starts without them, as before).
   */
  default CompletionStage<Map<String, Map<String, Subscription>>> allSubscriptions() {
    return CompletableFuture.failedFuture(new UnsupportedOperationException(
        getClass().getName() + " cannot list all subscriptions"));
  }

  /** Every stored subscription matching {@code topic}, as client id to subscriptions. */
  CompletionStage<Map<String, List<Subscription>>> subscriptionsByTopic(String topic);

  /**
   * Discards a client's session state: all its subscriptions, its outgoing queue and its
   * incoming QoS 2 messages awaiting PUBREL ([MQTT-3.1.2-6]).
   */
  CompletionStage<Void> cleanSubscriptions(String clientId);

  /** Appends a message to a client's outgoing queue (message id not yet assigned). */
  CompletionStage<Void> outgoingEnqueue(String clientId, PublishPacket packet);

  /**
   * Records that a queued message was sent with {@code packet.messageId()}: the queued entry
   * {@code queued} (as returned by {@link #outgoingStream}) takes the new id and DUP flag.
   */
  CompletionStage<Void> outgoingUpdate(String clientId, PublishPacket queued, PublishPacket sent);

  /**
   * Records that the outgoing QoS 2 message with {@code pubrel.messageId()} was received
   * (PUBREC): its entry becomes a PUBREL, which is re-sent after a restart instead of the
   * PUBLISH ([MQTT-4.3.3-5]: the PUBLISH is not sent again). Aedes's outgoingUpdate with a
   * pubrel packet. A store that cannot keep it fails the stage with an
   * UnsupportedOperationException (the broker then sends the PUBREL without it).
   */
  default CompletionStage<Void> outgoingUpdate(String clientId, PubrelPacket pubrel) {
    return CompletableFuture.failedFuture(new UnsupportedOperationException(
        getClass().getName() + " cannot store PUBREL state"));
  }

  /**
   * Removes the outgoing message or PUBREL with this id; returns the message, or null when none
   * was found or the entry was a PUBREL.
   */
  CompletionStage<PublishPacket> outgoingClearMessageId(String clientId, int messageId);

  /**
   * The client's outgoing queue in order: sent-but-unacknowledged ones have a message id;
   * entries turned into PUBRELs are not in it ({@link #outgoingReleased}).
   */
  CompletionStage<List<PublishPacket>> outgoingStream(String clientId);

  /** Message ids of the client's outgoing PUBRELs awaiting PUBCOMP, in the order stored. */
  default CompletionStage<List<Integer>> outgoingReleased(String clientId) {
    return CompletableFuture.completedFuture(List.of());
  }

  /**
   * Removes every queued message not yet sent (no message id) whose Message Expiry Interval
   * passed by {@code nowMillis} (epoch milliseconds of the broker's clock), from every client's
   * queue, and returns how many it removed: [MQTT-3.3.2-5], a message whose onward delivery did
   * not start by then is deleted. While the broker holds a message its Message Expiry Interval
   * property is its deadline in epoch seconds (the broker stamps it before it queues it):
   * expired when {@code deadline * 1000 <= nowMillis}. The broker calls it at every expiry check,
   * so the queue of a session that stays away does not grow with messages that expired. A store
   * may remove at most some per call (the rest at the next ones). The default removes nothing:
   * the broker still drops expired messages when their session resumes, but the queue of a
   * session that never does keeps them.
   */
  default CompletionStage<Integer> outgoingDropExpired(long nowMillis) {
    return CompletableFuture.completedFuture(0);
  }

  /**
   * The store's journal of QoS 1 copies sent whose queue write is deferred, or null (the
   * default) when it has none: the publisher's acknowledgement then waits for the copy's PUBACK
   * or its write.
   */
  default CopyJournal copyJournal() {
    return null;
  }

  /** Stores an incoming QoS 2 PUBLISH until its PUBREL ([MQTT-4.3.3-10]). */
  CompletionStage<Void> incomingStorePacket(String clientId, PublishPacket packet);

  /** The stored incoming QoS 2 PUBLISH with this id, or null. */
  CompletionStage<PublishPacket> incomingGetPacket(String clientId, int messageId);

  /** Deletes the stored incoming QoS 2 PUBLISH with this id. */
  CompletionStage<Void> incomingDelPacket(String clientId, int messageId);

  /**
   * Runs {@code calls} and makes the writes it asks for on the calling thread while it runs
   * (any of this interface's writes, in order) land together: after a crash either all of them
   * are stored or none. The broker releases an incoming QoS 2 message this way, its appends to
   * persistent sessions with the deletion of the stored message, so a PUBREL re-sent after a
   * restart never routes it twice (exactly once, [MQTT-4.3.3-10]). The stages of those writes
   * complete only after {@code calls} returned: it must not wait for them. Each is ordered
   * before every call another thread makes after it was asked for: a clean or a read asked
   * for meanwhile sees it (the broker's {@code Sessions} relies on it). The default just
   * runs {@code calls}, for a store that loses nothing it answered (or all of it, in memory).
   */
  default <T> CompletionStage<T> atomically(Supplier<? extends CompletionStage<T>> calls) {
    return calls.get();
  }

  /**
   * Stores a client's will, tagged with the broker that holds its connection; it replaces the
   * client's previous will and its due time ({@link #putWillDue}).
   */
  CompletionStage<Void> putWill(String clientId, String brokerId, PublishPacket will);

  /**
   * Records that the client's stored will waits for its Will Delay Interval (MQTT 5): its
   * connection closed and the will is due at {@code dueAt} (epoch milliseconds of the broker's
   * clock), so a broker started after a crash publishes it then, not at once. Does nothing when
   * the client has no stored will; {@link #putWill} and {@link #delWill} remove it. A store
   * that cannot keep it ignores it: after a restart such a will is published at once.
   */
  default CompletionStage<Void> putWillDue(String clientId, long dueAt) {
    return CompletableFuture.completedFuture(null);
  }

  /** Every due time recorded by {@link #putWillDue}, as client id to epoch milliseconds. */
  default CompletionStage<Map<String, Long>> allWillDues() {
    return CompletableFuture.completedFuture(Map.of());
  }

  /** The client's stored will, or null. */
  CompletionStage<PublishPacket> getWill(String clientId);

  /** Deletes and returns the client's stored will (and its due time), or null. */
  CompletionStage<PublishPacket> delWill(String clientId);

  /**
   * {@link #delWill}, but only for the will whose due time ({@link #putWillDue}) is
   * {@code dueAt}; otherwise deletes nothing and returns null. A delayed will published at its
   * due time is deleted so: a will its client stored since, reconnecting (which has no due
   * time, or another), stays. Atomic against {@link #putWill}. A store that keeps no due times
   * deletes as {@link #delWill} does, as this default does; a store that keeps them
   * ({@link #putWillDue}) must override this too.
   */
  default CompletionStage<PublishPacket> delWillIfDue(String clientId, long dueAt) {
    return delWill(clientId);
  }

  /** Wills of clients whose broker is not in {@code liveBrokerIds}: client id to will. */
  CompletionStage<Map<String, PublishPacket>> streamWill(Collection<String> liveBrokerIds);

  /**
   * {@link #streamWill}, each will with its broker id and due time, read in one snapshot (so
   * the due time is the will's own). This default reads {@link #streamWill} and then
   * {@link #allWillDues}, and cannot tell the broker ids (null). A store overrides this and
   * {@link #delWillIfStored} together.
   */
  default CompletionStage<Map<String, StoredWill>> streamStoredWills(
      Collection<String> liveBrokerIds) {
    return streamWill(liveBrokerIds).thenCompose(wills -> allWillDues().thenApply(dues -> {
      Map<String, StoredWill> result = new HashMap<>();
      wills.forEach((clientId, will) ->
          result.put(clientId, new StoredWill(null, will, dues.get(clientId))));
      return result;
    }));
  }

  /**
   * {@link #delWill}, but only while the client's stored will is the one
   * {@link #streamStoredWills} found: stored by {@code brokerId}, with due time {@code dueAt}
   * (null: none); otherwise deletes nothing and returns null. Atomic against {@link #putWill}:
   * a will its client stored since, reconnecting to another broker (another id) or with a will
   * delayed or not since, stays. This default compares only the due time
   * ({@link #delWillIfDue}), or deletes as {@link #delWill} when there is none.
   */
  default CompletionStage<PublishPacket> delWillIfStored(String clientId, String brokerId,
      Long dueAt) {
    return dueAt != null ? delWillIfDue(clientId, dueAt) : delWill(clientId);
  }

  /** Client ids with a subscription to exactly this topic filter. */
  CompletionStage<List<String>> getClientList(String topicFilter);

  /** Releases resources; the store is not used afterwards. */
  CompletionStage<Void> destroy();
}
