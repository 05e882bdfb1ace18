package dev.aedes;

import dev.aedes.packet.PublishPacket;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * MQTT 5 Will Delay Interval: wills waiting to be published, by client id. A will is published
 * when its delay passes or its session ends, whichever comes first; a new connection that
 * resumes the session before then cancels it ([MQTT-3.1.3-9]).
 */
final class WillDelay {
  private final Aedes broker;
  private final Map<String, Pending> pending = new ConcurrentHashMap<>();

  private record Pending(PublishPacket will, Client client, long dueAt) {
  }

  WillDelay(Aedes broker) {
    this.broker = broker;
  }

  /** Holds the closed {@code client}'s will until {@code dueAt} (clock millis). */
  void delay(Client client, PublishPacket will, long dueAt) {
    pending.put(client.id, new Pending(will, client, dueAt));
  }

  /** A new connection resumed the session: its old will is not published. */
  void cancel(String clientId) {
    pending.remove(clientId);
  }

  /** The session ended (discarded by Clean Start, or expired): its will goes out now. */
  void sessionEnded(String clientId) {
    Pending will = pending.remove(clientId);
    if (will != null) {
      broker.publishInternal(will.will(), will.client());
    }
  }

  /** Publishes every will whose delay has passed (on the broker's timer). */
  void publishDue(long now) {
    pending.forEach((clientId, will) -> {
      if (will.dueAt() <= now && pending.remove(clientId, will)) {
        broker.publishInternal(will.will(), will.client());
      }
    });
  }
}
