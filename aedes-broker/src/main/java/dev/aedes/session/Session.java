package dev.aedes.session;

import dev.aedes.packet.PublishPacket;
import dev.aedes.packet.Subscription;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * What the broker holds for one client id while it is connected, and for a persistent session
 * also between connections: its subscriptions, the QoS 1/2 messages sent and not yet
 * acknowledged, QoS 2 messages awaiting PUBCOMP, QoS 1/2 messages waiting for an in-flight slot,
 * and the message id counter. Only the lane of
 * the client that owns it touches it; a takeover hands it over after the old client closed, and
 * the broker's timer ends it once it is away (taken from the sessions away first).
 */
public final class Session {
  private final String clientId;
  private final boolean clean;
  // small first: most sessions are a device with a subscription or two and nothing waiting, a
  // million of them recovered at start; the collections grow as needed
  private final Map<String, Subscription> subscriptions = new LinkedHashMap<>(4);
  private final Map<Integer, PublishPacket> inflight = new LinkedHashMap<>();
  private final Set<Integer> awaitingPubcomp = new HashSet<>();
  private final Deque<Pending> pending = new ArrayDeque<>(1);
  private final Map<String, Integer> subscriptionIdentifiers = new HashMap<>();
  private final Map<Integer, String> sharedInflight = new HashMap<>();
  /** By message id, when an in-flight shared message expires; made at the first such message. */
  private Map<Integer, Long> sharedExpiresAt;
  private int lastMessageId;
  private long expiresAt = Long.MAX_VALUE;
  private long storedExpiryInterval = -1;

  public Session(String clientId, boolean clean) {
    this.clientId = clientId;
    this.clean = clean;
  }

  public String clientId() {
    return clientId;
  }

  /** True when the session ends with the connection. */
  public boolean clean() {
    return clean;
  }

  /**
   * When the session ends while its client is away, in clock millis (MQTT 5 Session Expiry
   * Interval); {@link Long#MAX_VALUE} for never.
   */
  public long expiresAt() {
    return expiresAt;
  }

  public void expiresAt(long millis) {
    this.expiresAt = millis;
  }

  /** The Session Expiry Interval last stored in persistence, in seconds; -1 when unknown. */
  public long storedExpiryInterval() {
    return storedExpiryInterval;
  }

  public void storedExpiryInterval(long seconds) {
    this.storedExpiryInterval = seconds;
  }

  /** Subscriptions by topic filter, in the order they were made. */
  public Map<String, Subscription> subscriptions() {
    return subscriptions;
  }

  /** The Subscription Identifier of each subscription that has one, by topic filter (MQTT 5). */
  public Map<String, Integer> subscriptionIdentifiers() {
    return subscriptionIdentifiers;
  }

  /**
   * The shared subscription ({@code $share/...} filter) each in-flight message was sent for,
   * by message id: handed to another member of its group if this session ends unacknowledged.
   */
  public Map<Integer, String> sharedInflight() {
    return sharedInflight;
  }

  /**
   * Records when the in-flight shared message {@code messageId} expires (epoch milliseconds of
   * the broker's clock), so that handed to another member it keeps its deadline.
   */
  public void sharedExpiresAt(int messageId, long expiresAt) {
    if (sharedExpiresAt == null) {
      sharedExpiresAt = new HashMap<>(4);
    }
    sharedExpiresAt.put(messageId, expiresAt);
  }

  /** The in-flight message {@code messageId} was answered: no longer a shared one to hand over. */
  public void sharedAnswered(int messageId) {
    if (sharedInflight.remove(messageId) != null) {
      takeSharedExpiresAt(messageId);
    }
  }

  /**
   * When the in-flight shared message {@code messageId} expires, forgetting it; {@link
   * Long#MAX_VALUE} when it has no Message Expiry Interval (or none was recorded).
   */
  public long takeSharedExpiresAt(int messageId) {
    Long expiresAt = sharedExpiresAt == null ? null : sharedExpiresAt.remove(messageId);
    return expiresAt == null ? Long.MAX_VALUE : expiresAt;
  }

  /** QoS 1/2 messages sent and not yet acknowledged (PUBACK or PUBREC), by message id. */
  public Map<Integer, PublishPacket> inflight() {
    return inflight;
  }

  /** Message ids of QoS 2 messages that got PUBREC and wait for PUBCOMP. */
  public Set<Integer> awaitingPubcomp() {
    return awaitingPubcomp;
  }

  /** QoS 1/2 messages in flight: sent and not acknowledged, or awaiting PUBCOMP. */
  public int inflightCount() {
    return inflight.size() + awaitingPubcomp.size();
  }

  /** QoS 1/2 messages waiting, in arrival order, for the in-flight count to drop. */
  public Deque<Pending> pending() {
    return pending;
  }

  /**
   * A message waiting for an in-flight slot.
   *
   * @param packet the message as it will go out (QoS and retain set, no message id yet)
   * @param queued the same message's entry in the persistent outgoing queue, or null
   * @param shared the shared subscription filter it is sent for, or null
   * @param done gets null once written, or dropped unsent (expired, refused), or the error
   * @param expiresAt when its Message Expiry Interval runs out (epoch milliseconds of the
   *     broker's clock; {@link Long#MAX_VALUE}: never): the time it waits counts against the
   *     interval ([MQTT-3.3.2-5], [MQTT-3.3.2-6])
   */
  public record Pending(PublishPacket packet, PublishPacket queued, String shared,
      Consumer<Throwable> done, long expiresAt) {
  }

  /**
   * The next free message id, 1..65535, skipping ids still in flight ([MQTT-2.2.1-3]); 0 when
   * all 65535 are in use.
   */
  public int nextMessageId() {
    for (int i = 0; i < 0xFFFF; i++) {
      lastMessageId = lastMessageId == 0xFFFF ? 1 : lastMessageId + 1;
      if (!inflight.containsKey(lastMessageId) && !awaitingPubcomp.contains(lastMessageId)) {
        return lastMessageId;
      }
    }
    return 0;
  }
}
