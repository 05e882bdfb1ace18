package dev.aedes;

import dev.aedes.packet.PublishPacket;
import dev.aedes.packet.PubrelPacket;
import dev.aedes.session.Session;
import dev.aedes.spi.Persistence;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A persistent session's side of {@link Outbound}: the store writes before and after a QoS 1/2
 * message is sent (its queued copy, its message id, its PUBREL, its clear on acknowledgement),
 * and the released QoS 2 copies the router already appended to the session's queue. Runs on the
 * client's lane only.
 */
final class PersistentOutbound {
  private static final Logger LOG = LoggerFactory.getLogger(PersistentOutbound.class);
  private final Client client;
  private final Outbound outbound;
  /** Released copies handed over while the session resumed, in arrival order. */
  private final List<Session.Pending> arrivedDuringResume = new ArrayList<>();
  /** QoS 1 copies sent and not yet written ({@code inflightWriteDelay}). */
  private final DeferredWrites deferred;

  PersistentOutbound(Client client, Outbound outbound) {
    this.client = client;
    this.outbound = outbound;
    this.deferred = new DeferredWrites(client);
  }

  /**
   * A released QoS 2 message whose copy {@code queued} (stamped, no message id) the router
   * already appended to this persistent session's queue: sent now, taking its id with
   * outgoingUpdate, or waiting in the session as queued copies do; never appended again. Closed
   * meanwhile: it waits in persistence for the session's resume.
   */
  void deliverQueued(PublishPacket stamped, PublishPacket queued, int qos, boolean retain,
      String shared) {
    if (client.closed || !client.accepted) {
      return;
    }
    PublishPacket forwarded = client.broker.expiry.forward(stamped);
    PublishPacket packet = forwarded == null ? null
        : client.broker.hooks.authorizeForward.authorizeForward(client, forwarded);
    PublishPacket out = packet == null ? null : new PublishPacket(false, qos, retain,
        packet.topic(), 0, packet.payload(), packet.properties());
    Session session = client.session;
    if (out == null || !FlowControl.fits(client, out)) {
      // expired, refused or too large ([MQTT-3.3.2-5], [MQTT-3.1.2-25])
      dropQueued(queued);
      return;
    }
    if (!client.connected) {
      // the session resumes (accepted, not yet connected): the resume's read of the queue may
      // hold this very entry without an id; it takes it from here in its queue order instead
      // of sending it a second time under another id (see takeArrived, resumed)
      arrivedDuringResume.add(new Session.Pending(out, queued, shared, Outbound.IGNORE,
          client.broker.expiry.expiresAt(out, queued)));
      return;
    }
    if (session.inflightCount() >= outbound.inflightLimit() || !session.pending().isEmpty()) {
      if (outbound.queueFull(session)) {
        outbound.heldBeyondLimit(); // a persistent session's QoS 1/2 messages are never dropped
      }
      session.pending().add(new Session.Pending(out, queued, shared, Outbound.IGNORE,
          client.broker.expiry.expiresAt(out, queued)));
    } else {
      outbound.sendNow(out, queued, shared, Outbound.IGNORE);
    }
    outbound.updateDepth();
  }

  /**
   * Removes the entry {@code queued} (no message id) from the queue without sending it: it is
   * named by a free id and cleared, both queued now, so no other message takes that id between.
   * With no free id it stays, and a later resume drops it.
   */
  private void dropQueued(PublishPacket queued) {
    int messageId = client.session.nextMessageId();
    if (messageId != 0) {
      Persistence persistence = client.broker.persistence;
      persistence.outgoingUpdate(client.id, queued, queued.withMessageId(messageId, false));
      persistence.outgoingClearMessageId(client.id, messageId).whenComplete((v, e) -> {
        if (e != null) { // it stays queued: the next resume or expiry sweep drops it
          LOG.warn("client {}: removing an unsent message from its queue failed: {}", client.id,
              e.toString());
        }
      });
    }
  }

  /**
   * The resume's read found the entry {@code queued} (no message id) in the queue: if it is a
   * released copy that arrived during the resume, it is dropped from those, as the resume sends
   * it in its place in the queue.
   */
  void takeArrived(PublishPacket queued) {
    for (Iterator<Session.Pending> it = arrivedDuringResume.iterator(); it.hasNext(); ) {
      if (it.next().queued().equals(queued)) {
        it.remove();
        return;
      }
    }
  }

  /**
   * The resume is over: released copies that arrived during it and were not in its read wait
   * behind what it queued, in their order.
   */
  void resumed() {
    client.session.pending().addAll(arrivedDuringResume);
    arrivedDuringResume.clear();
  }

  /**
   * A message {@code out} that must wait behind earlier ones: added to the session's waiting
   * messages with a copy stored now; returns the stage of that write to persistence.
   */
  CompletionStage<Void> enqueueWaiting(PublishPacket out, String shared,
      Consumer<Throwable> done) {
    // stored now, before the publisher's acknowledgement; it takes its id when sent. The
    // stored copy carries its expiry as a deadline again, as queued messages do
    PublishPacket queued = client.broker.expiry.stamp(out);
    client.session.pending().add(new Session.Pending(out, queued, shared, done,
        client.broker.expiry.expiresAt(out, queued)));
    outbound.updateDepth();
    deferred.flush(); // the copies sent before it come first in the queue
    return client.broker.persistence.outgoingEnqueue(client.id, queued);
  }

  /**
   * Records {@code out} (which has its message id) in persistence and sends it; returns the
   * stage of a new entry's write to persistence (for a QoS 1 copy whose write is deferred: of
   * its PUBACK or its write, {@link DeferredWrites}: then {@code stored} itself when not null),
   * or null when {@code queued} was already there.
   */
  CompletionStage<Void> storeAndSend(PublishPacket out, PublishPacket queued,
      Consumer<Throwable> done, CompletableFuture<Void> stored) {
    if (queued != null) {
      // already in the persistent queue: it only takes its message id
      writeOnceStored(client.broker.persistence.outgoingUpdate(client.id, queued, out), out,
          done);
      return null;
    }
    if (out.qos() == 1) {
      DeferredWrites.Unwritten copy = deferred.defer(out, stored);
      if (copy != null) {
        outbound.write(out, done);
        DeferredWrites.sent(copy);
        return copy.stored();
      }
    }
    deferred.flush(); // the copies sent before it come first in the queue
    CompletionStage<Void> written = client.broker.persistence.outgoingEnqueue(client.id, out);
    writeOnceStored(written, out, done);
    return written;
  }

  /**
   * Sends a persistent session's message whose store write (with its message id) is
   * {@code stored}. QoS 1 goes at once: the publisher's acknowledgement still waits for the
   * store, a crash before it only means the message is sent again, which QoS 1 allows, and a
   * PUBACK that comes back within the same store turn cancels the write. QoS 2 waits for the
   * write: a copy sent while the store does not yet know its id would go out again under
   * another id after a restart and be delivered twice ([MQTT-4.3.3-2]).
   */
  void writeOnceStored(CompletionStage<Void> stored, PublishPacket out,
      Consumer<Throwable> done) {
    if (out.qos() == 1) {
      outbound.write(out, done);
      return;
    }
    stored.whenComplete((v, e) -> client.lane.run(() -> {
      if (e != null) {
        done.accept(e);
      } else if (!client.closed) {
        outbound.write(out, done);
      }
    }));
  }

  /** Stores {@code pubrel}, then sends it. */
  CompletionStage<Void> storeAndSendPubrel(PubrelPacket pubrel) {
    // stored before it is sent: after a restart the PUBREL is re-sent, never the PUBLISH
    // ([MQTT-4.3.3-5])
    return client.broker.persistence.outgoingUpdate(client.id, pubrel)
        .handleAsync((v, e) -> {
          Throwable cause = e instanceof CompletionException c && c.getCause() != null
              ? c.getCause() : e;
          if (cause != null && !(cause instanceof UnsupportedOperationException)) {
            throw new CompletionException(cause);
          }
          if (!client.closed) {
            client.conn.pubrel(pubrel);
          }
          return null;
        }, client.lane);
  }

  /** {@link Outbound#writeDeferred}; any thread. */
  void writeDeferred() {
    deferred.flush();
  }

  /** An acknowledged delivery: its entry is cleared from persistence (if it was written). */
  CompletionStage<Void> clear(int messageId) {
    if (deferred.acknowledged(messageId)) {
      return CompletableFuture.completedFuture(null);
    }
    return client.broker.persistence.outgoingClearMessageId(client.id, messageId)
        .thenApply(p -> null);
  }
}
