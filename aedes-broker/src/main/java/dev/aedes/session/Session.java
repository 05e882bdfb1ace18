package dev.aedes.session;

import dev.aedes.packet.PublishPacket;
import dev.aedes.packet.Subscription;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * What the broker holds for one client id while it is connected, and for a persistent session
 * also between connections: its subscriptions, the QoS 1/2 messages sent and not yet
 * acknowledged, QoS 2 messages awaiting PUBCOMP, and the message id counter. Only the lane of
 * the client that owns it touches it; a takeover hands it over after the old client closed.
 */
public final class Session {
  private final String clientId;
  private final boolean clean;
  private final Map<String, Subscription> subscriptions = new LinkedHashMap<>();
  private final Map<Integer, PublishPacket> inflight = new LinkedHashMap<>();
  private final Set<Integer> awaitingPubcomp = new HashSet<>();
  private final Map<String, Integer> subscriptionIdentifiers = new HashMap<>();
  private final Map<Integer, String> sharedInflight = new HashMap<>();
  private int lastMessageId;

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

  /** QoS 1/2 messages sent and not yet acknowledged (PUBACK or PUBREC), by message id. */
  public Map<Integer, PublishPacket> inflight() {
    return inflight;
  }

  /** Message ids of QoS 2 messages that got PUBREC and wait for PUBCOMP. */
  public Set<Integer> awaitingPubcomp() {
    return awaitingPubcomp;
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
