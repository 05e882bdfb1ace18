package dev.aedes.spi;

import dev.aedes.packet.PublishPacket;
import dev.aedes.packet.Subscription;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

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
    return java.util.concurrent.CompletableFuture.failedFuture(new UnsupportedOperationException(
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

  /** Removes the outgoing message with this id; returns it, or null when none was found. */
  CompletionStage<PublishPacket> outgoingClearMessageId(String clientId, int messageId);

  /** The client's outgoing queue in order: sent-but-unacknowledged ones have a message id. */
  CompletionStage<List<PublishPacket>> outgoingStream(String clientId);

  /** Stores an incoming QoS 2 PUBLISH until its PUBREL ([MQTT-4.3.3-10]). */
  CompletionStage<Void> incomingStorePacket(String clientId, PublishPacket packet);

  /** The stored incoming QoS 2 PUBLISH with this id, or null. */
  CompletionStage<PublishPacket> incomingGetPacket(String clientId, int messageId);

  /** Deletes the stored incoming QoS 2 PUBLISH with this id. */
  CompletionStage<Void> incomingDelPacket(String clientId, int messageId);

  /** Stores a client's will, tagged with the broker that holds its connection. */
  CompletionStage<Void> putWill(String clientId, String brokerId, PublishPacket will);

  /** The client's stored will, or null. */
  CompletionStage<PublishPacket> getWill(String clientId);

  /** Deletes and returns the client's stored will, or null. */
  CompletionStage<PublishPacket> delWill(String clientId);

  /** Wills of clients whose broker is not in {@code liveBrokerIds}: client id to will. */
  CompletionStage<Map<String, PublishPacket>> streamWill(Collection<String> liveBrokerIds);

  /** Client ids with a subscription to exactly this topic filter. */
  CompletionStage<List<String>> getClientList(String topicFilter);

  /** Releases resources; the store is not used afterwards. */
  CompletionStage<Void> destroy();
}
