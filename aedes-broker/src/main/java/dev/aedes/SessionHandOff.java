package dev.aedes;

import dev.aedes.packet.PublishPacket;
import dev.aedes.session.Session;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;

/**
 * A routed message that found no live client for its session: the client was not connected
 * when the router looked, or closed before its lane took the message (a takeover by a new
 * connection with the same id, a lost connection). The message goes where the session is now:
 * to the connection holding it, on that connection's lane; into its queue in persistence while
 * it is away, before a new connection reads that queue; nowhere once it ended (clean, expired,
 * or discarded by a Clean Start, [MQTT-3.1.2-4]), except that a shared subscription's message
 * goes to another member of the group. Each returned stage is what the publisher's
 * acknowledgement waits for (acknowledge after durable).
 */
final class SessionHandOff {
  /** Looks at most this often when the session moves between the maps while looked at. */
  private static final int LOOKS = 3;
  private final Aedes broker;

  SessionHandOff(Aedes broker) {
    this.broker = broker;
  }

  /**
   * For {@link Outbound#deliver} on the lane of {@code client}, not (or no longer) live: a client
   * still taking its session reads its queue once accepted, later on this lane, so the message
   * joins that queue; a closed one's session has gone on by the time it has fully closed.
   */
  void fromClient(Client client, PublishPacket stamped, int qos, boolean retain, String shared,
      CompletableFuture<Void> stored) {
    Session session = client.session;
    if (!client.closed) {
      boolean kept = qos > 0 && session != null && !session.clean();
      complete(stored, kept
          ? broker.persistence.outgoingEnqueue(client.id, queued(stamped, qos, retain)) : null);
      return;
    }
    if (session == null) {
      complete(stored, shared == null ? null : broker.messageRouter.toGroup(shared, stamped));
      return;
    }
    // not closedStage: that waits for the will's stores, which may wait for this very message
    client.sessionReleasedStage().whenComplete((v, e) ->
        complete(stored, toSession(client.id, session, stamped, qos, retain, shared)));
  }

  /**
   * Delivers to the session of {@code clientId}: {@code expected}, or whichever it has when
   * null (the router's subscription match named only the id). Returns the stage the publisher
   * waits for, or null when nothing is stored for it.
   */
  CompletionStage<Void> toSession(String clientId, Session expected, PublishPacket stamped,
      int qos, boolean retain, String shared) {
    Sessions sessions = broker.sessions;
    PublishPacket queued = null;
    for (int look = 0; look < LOOKS; look++) {
      if (qos > 0) {
        queued = queued != null ? queued : queued(stamped, qos, retain);
        CompletionStage<Void> appended = sessions.enqueueIfAway(clientId, expected, queued);
        if (appended != null) {
          return appended;
        }
      }
      Client holder = sessions.holder(clientId);
      if (holder != null && holder.sessionReleasedStage().toCompletableFuture().isDone()) {
        continue; // its session has gone on meanwhile: look again where it is now
      }
      if (holder != null) {
        // a Clean Start's client has no subscriptions before it is accepted: the message was
        // matched for the session it discarded
        boolean discarded = expected != null ? holder.session != expected
            : holder.clean && !holder.accepted;
        if (discarded) {
          break;
        }
        return handTo(holder, stamped, qos, retain, shared);
      }
    }
    // the session ended: its messages end with it ([MQTT-3.1.2-4], [MQTT-3.1.2-6])
    return shared == null ? null : broker.messageRouter.toGroup(shared, stamped);
  }

  /** Hands the message to the lane of the connection holding the session. */
  private static CompletionStage<Void> handTo(Client holder, PublishPacket stamped, int qos,
      boolean retain, String shared) {
    CompletableFuture<Void> stored = qos > 0 ? new CompletableFuture<>() : null;
    deliverOnLane(holder, stamped, qos, retain, shared, stored, () -> { });
    return stored;
  }

  /**
   * Runs {@link Outbound#deliver} on {@code client}'s lane, then {@code after} there; a
   * delivery that throws, or a lane that refuses the task (its loop is shutting down), fails
   * {@code stored} (when not null), so the publisher is never acknowledged and never waits
   * forever.
   */
  static void deliverOnLane(Client client, PublishPacket out, int qos, boolean retain,
      String shared, CompletableFuture<Void> stored, Runnable after) {
    try {
      client.lane.run(() -> {
        try {
          client.outbound.deliver(out, qos, retain, shared, stored);
        } catch (RuntimeException e) {
          if (stored != null) {
            stored.completeExceptionally(e);
          }
          throw e;
        } finally {
          after.run();
        }
      });
    } catch (RejectedExecutionException e) {
      if (stored == null) {
        throw e;
      }
      stored.completeExceptionally(e);
    }
  }

  /** The copy kept in a queue: QoS and retain as delivered, no message id yet. */
  private static PublishPacket queued(PublishPacket stamped, int qos, boolean retain) {
    return new PublishPacket(false, qos, retain, stamped.topic(), 0, stamped.payload(),
        stamped.properties());
  }

  static void complete(CompletableFuture<Void> stored, CompletionStage<Void> write) {
    if (stored == null) {
      return;
    }
    if (write == null) {
      stored.complete(null);
    } else {
      write.whenComplete((v, e) -> {
        if (e != null) {
          stored.completeExceptionally(e);
        } else {
          stored.complete(null);
        }
      });
    }
  }
}
