package dev.aedes;

import dev.aedes.packet.PublishPacket;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MQTT 5 Will Delay Interval: wills waiting to be published, by client id. A will is published
 * when its delay passes or its session ends, whichever comes first; a new connection that
 * resumes the session before then cancels it ([MQTT-3.1.3-9]). While it waits the will stays
 * in persistence with its due time, so a broker started after a crash takes it over
 * ({@link WillRecovery}).
 */
final class WillDelay {
  private static final Logger LOG = LoggerFactory.getLogger(WillDelay.class);
  private final Aedes broker;
  private final Map<String, Pending> pending = new ConcurrentHashMap<>();

  /**
   * {@code client} is null for a will taken over from persistence after a restart;
   * {@code dueStored}: whether the store has the due time beside the will, which then
   * identifies it (known once its write is done).
   */
  private record Pending(PublishPacket will, Client client, long dueAt,
      CompletionStage<Boolean> dueStored) {
  }

  private static final CompletionStage<Boolean> STORED = CompletableFuture.completedFuture(true);

  WillDelay(Aedes broker) {
    this.broker = broker;
  }

  /**
   * Holds the closed {@code client}'s will until {@code dueAt} (clock millis) and records the
   * due time beside the will stored at CONNECT.
   */
  CompletionStage<Void> delay(Client client, PublishPacket will, long dueAt) {
    CompletableFuture<Boolean> dueStored = new CompletableFuture<>();
    pending.put(client.id, new Pending(will, client, dueAt, dueStored));
    return broker.persistence.putWillDue(client.id, dueAt).handle((v, e) -> {
      if (e != null) {
        // the will still waits here; only a crash before its due time would publish it early.
        // Without its due time stored it cannot be told from a newer will: deleted as any will
        // (publish waits for this outcome, however late the write fails)
        LOG.warn("{}: cannot store the due time of {}'s will: {}", broker.id(), client.id,
            e.toString());
      }
      dueStored.complete(e == null);
      return null;
    });
  }

  /** Holds a will found in persistence after a restart until {@code dueAt}. */
  void takeOver(String clientId, PublishPacket will, long dueAt) {
    pending.putIfAbsent(clientId, new Pending(will, null, dueAt, STORED));
  }

  /** True while a will of {@code clientId} waits here. */
  boolean holds(String clientId) {
    return pending.containsKey(clientId);
  }

  /** A new connection resumed the session: its old will is not published. */
  void cancel(String clientId) {
    if (pending.remove(clientId) != null) {
      // before the new connection stores its own will: same lane, same store order
      broker.persistence.delWill(clientId).whenComplete((v, e) -> logFailure(clientId, e));
    }
  }

  /** The session ended (discarded by Clean Start, or expired): its will goes out now. */
  void sessionEnded(String clientId) {
    Pending will = pending.remove(clientId);
    if (will != null) {
      publish(clientId, will);
    }
  }

  /** Publishes every will whose delay has passed (on the broker's timer). */
  void publishDue(long now) {
    pending.forEach((clientId, will) -> {
      if (will.dueAt() <= now && pending.remove(clientId, will)) {
        publish(clientId, will);
      }
    });
  }

  /**
   * Deletes the will from the store and publishes it. Only the will that is due is deleted:
   * its client may have reconnected since it left {@link #pending} (the timer took it just
   * before the new connection's {@link #cancel}), and the new will that connection stored,
   * perhaps before this deletion reaches the store, stays.
   */
  private CompletionStage<Void> publish(String clientId, Pending will) {
    CompletionStage<PublishPacket> deleted = will.dueStored().thenCompose(stored -> stored
        ? broker.persistence.delWillIfDue(clientId, will.dueAt())
        : broker.persistence.delWill(clientId));
    return deleted
        .handle((removed, e) -> {
          logFailure(clientId, e);
          if (e != null && will.client() == null) {
            pending.putIfAbsent(clientId, will); // the next check tries again
          }
          // a will taken over from persistence goes out only from the broker whose delete found
          // it: another broker sharing the store may have taken it too, or its client came back
          return e == null && (will.client() != null || removed != null)
              || e != null && will.client() != null;
        })
        .thenCompose(publish -> publish ? broker.publishInternal(will.will(), will.client())
            : CompletableFuture.<Void>completedFuture(null))
        .exceptionallyCompose(e -> {
          LOG.warn("{}: publishing the delayed will of {} failed: {}", broker.id(), clientId,
              e.toString());
          return CompletableFuture.completedFuture(null);
        });
  }

  private void logFailure(String clientId, Throwable e) {
    if (e != null) {
      LOG.warn("{}: cannot delete the stored will of {}: {}", broker.id(), clientId,
          e.toString());
    }
  }
}
