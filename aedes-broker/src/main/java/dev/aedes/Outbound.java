package dev.aedes;

import dev.aedes.connection.WriteCallback;
import dev.aedes.packet.PubackPacket;
import dev.aedes.packet.PubcompPacket;
import dev.aedes.packet.PublishPacket;
import dev.aedes.packet.PubrecPacket;
import dev.aedes.packet.PubrelPacket;
import dev.aedes.session.Session;
import dev.aedes.spi.Persistence;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OutboundManager: delivers messages to one client at the granted QoS, keeps QoS 1/2
 * messages in flight until acknowledged (persistent sessions also in persistence), and resumes a
 * session on reconnect by re-sending what was unacknowledged with DUP ([MQTT-4.4.0-1]). At most
 * {@code maxInflight} QoS 1/2 messages are in flight; later ones wait in the session, at most
 * {@code maxQueued}, and go out in order as acknowledgements free slots. Runs on the client's
 * lane only.
 */
final class Outbound {
  private static final Consumer<Throwable> IGNORE = e -> { };
  private static final Logger LOG = LoggerFactory.getLogger(Outbound.class);
  private final Client client;
  /** The maxQueued refusal is logged once per client. */
  private boolean overflowLogged;
  private volatile int depth;

  Outbound(Client client) {
    this.client = client;
  }

  /**
   * Forwards a routed or retained message (stamped by {@link MessageExpiry}) at {@code qos}
   * (already downgraded to the subscription's); an expired one is not sent ([MQTT-3.3.2-5]).
   */
  void deliver(PublishPacket stamped, int qos, boolean retain) {
    deliver(stamped, qos, retain, null);
  }

  /** {@link #deliver}, for the shared subscription {@code shared} when not null. */
  void deliver(PublishPacket stamped, int qos, boolean retain, String shared) {
    deliver(stamped, qos, retain, shared, null);
  }

  /**
   * {@link #deliver}, completing {@code stored} (when not null) once a persistent session's copy
   * of the message is in persistence, or at once when nothing is stored for it: the router
   * holds the publisher's PUBACK or PUBCOMP until then (acknowledge after durable).
   */
  void deliver(PublishPacket stamped, int qos, boolean retain, String shared,
      CompletableFuture<Void> stored) {
    if (client.closed || !client.accepted) {
      // closed after the router saw it connected (a takeover), or still taking its session:
      // the message goes where the session is now
      client.broker.handOff.fromClient(client, stamped, qos, retain, shared, stored);
      return;
    }
    PublishPacket packet = client.broker.expiry.forward(stamped);
    complete(stored, packet == null ? null
        : send(packet, qos, retain, false, shared, IGNORE));
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
      // expired, refused or too large ([MQTT-3.3.2-5], [MQTT-3.1.2-25]): the entry is named by
      // a free id and cleared, both queued now, so no other message takes that id between
      int messageId = session.nextMessageId();
      if (messageId != 0) {
        Persistence persistence = client.broker.persistence;
        persistence.outgoingUpdate(client.id, queued, queued.withMessageId(messageId, false));
        persistence.outgoingClearMessageId(client.id, messageId);
      }
      return;
    }
    if (session.inflightCount() >= inflightLimit() || !session.pending().isEmpty()) {
      if (queueFull(session)) {
        heldBeyondLimit(); // a persistent session's QoS 1/2 messages are never dropped
      }
      session.pending().add(new Session.Pending(out, queued, shared, IGNORE));
    } else {
      sendNow(out, queued, shared, IGNORE);
    }
    updateDepth();
  }

  private static void complete(CompletableFuture<Void> stored, CompletionStage<Void> write) {
    SessionHandOff.complete(stored, write);
  }

  /** {@link Client#publish}: straight to this client at the packet's own QoS. */
  void deliverDirect(PublishPacket packet, Consumer<Throwable> done) {
    if (client.closed || !client.accepted) {
      done.accept(new IllegalStateException("client is not connected"));
      return;
    }
    send(packet, packet.qos(), packet.retain(), true, null, done);
  }

  /**
   * Sends or queues the message; returns the stage of its write to persistence (a persistent
   * session's QoS 1/2 message), or null when nothing is written.
   */
  private CompletionStage<Void> send(PublishPacket original, int qos, boolean retain,
      boolean direct, String shared, Consumer<Throwable> done) {
    PublishPacket packet = client.broker.hooks.authorizeForward.authorizeForward(client, original);
    if (packet == null) {
      done.accept(null);
      return null;
    }
    if (FlowControl.limitsPacketSize(client) && !FlowControl.fits(client, new PublishPacket(false,
        qos, retain, packet.topic(), 0, packet.payload(), packet.properties()))) {
      done.accept(null); // too large for the client: dropped as if sent ([MQTT-3.1.2-25])
      return null;
    }
    Session session = client.session;
    if (qos == 0) {
      // QoS 0 is not held back by the in-flight limit (MQTT 5.0 section 4.9); it waits in the
      // connection's write queue, as Mosquitto and Aedes queue it, and is dropped only beyond
      // maxQueuedBytes there, or when the client's QoS 1/2 queue is full
      if (!direct && (queueFull(session) || qos0QueueFull())) {
        client.broker.droppedMessages.increment();
        done.accept(null);
        return null;
      }
      write(packet.qos() == 0 && packet.retain() == retain && packet.messageId() == 0
          && !packet.dup() ? packet : new PublishPacket(false, 0, retain, packet.topic(), 0,
          packet.payload(), packet.properties()), done);
      return null;
    }
    PublishPacket out = new PublishPacket(false, qos, retain, packet.topic(), 0,
        packet.payload(), packet.properties());
    if (session.inflightCount() >= inflightLimit() || !session.pending().isEmpty()) {
      // wait behind earlier messages, so the order of delivery is kept ([MQTT-4.6.0-2..4])
      if (queueFull(session)) {
        if (session.clean()) {
          overflow();
          done.accept(new IllegalStateException("maxQueued reached for " + client.id));
          return null;
        }
        // a persistent session's QoS 1/2 messages are never dropped: they wait here beyond
        // maxQueued
        heldBeyondLimit();
      }
      if (session.clean()) {
        session.pending().add(new Session.Pending(out, null, shared, done));
        updateDepth();
        return null;
      }
      // stored now, before the publisher's acknowledgement; it takes its id when sent. The
      // stored copy carries its expiry as a deadline again, as queued messages do
      PublishPacket queued = client.broker.expiry.stamp(out);
      session.pending().add(new Session.Pending(out, queued, shared, done));
      updateDepth();
      return client.broker.persistence.outgoingEnqueue(client.id, queued);
    }
    CompletionStage<Void> stored = sendNow(out, null, shared, done);
    updateDepth();
    return stored;
  }

  /**
   * Gives {@code packet} a message id, records it in flight (and in persistence), sends it;
   * returns the stage of a new entry's write to persistence, or null.
   */
  private CompletionStage<Void> sendNow(PublishPacket packet, PublishPacket queued,
      String shared, Consumer<Throwable> done) {
    Session session = client.session;
    int messageId = session.nextMessageId();
    if (messageId == 0) {
      client.broker.droppedMessages.increment();
      done.accept(new IllegalStateException("no free message id for " + client.id));
      return null;
    }
    PublishPacket out = packet.withMessageId(messageId, false);
    session.inflight().put(messageId, out);
    if (shared != null) {
      session.sharedInflight().put(messageId, shared);
    }
    if (session.clean()) {
      write(out, done);
      return null;
    }
    if (queued != null) {
      // already in the persistent queue: it only takes its message id
      writeOnceStored(client.broker.persistence.outgoingUpdate(client.id, queued, out), out,
          done);
      return null;
    }
    CompletionStage<Void> stored = client.broker.persistence.outgoingEnqueue(client.id, out);
    writeOnceStored(stored, out, done);
    return stored;
  }

  /**
   * Sends a persistent session's message whose store write (with its message id) is
   * {@code stored}. QoS 1 goes at once: the publisher's acknowledgement still waits for the
   * store, a crash before it only means the message is sent again, which QoS 1 allows, and a
   * PUBACK that comes back within the same store turn cancels the write. QoS 2 waits for the
   * write: a copy sent while the store does not yet know its id would go out again under
   * another id after a restart and be delivered twice ([MQTT-4.3.3-2]).
   */
  private void writeOnceStored(CompletionStage<Void> stored, PublishPacket out,
      Consumer<Throwable> done) {
    if (out.qos() == 1) {
      write(out, done);
      return;
    }
    stored.whenComplete((v, e) -> client.lane.run(() -> {
      if (e != null) {
        done.accept(e);
      } else if (!client.closed) {
        write(out, done);
      }
    }));
  }

  /** Writes a PUBLISH, with a Topic Alias when the client takes them ([MQTT-3.3.2-11]). */
  private void write(PublishPacket packet, Consumer<Throwable> done) {
    client.conn.publish(client.aliases.assign(packet),
        done == IGNORE ? client.backpressure.written : done::accept);
  }

  /** The bytes the connection has not yet handed to the socket exceed maxQueuedBytes. */
  private boolean qos0QueueFull() {
    return client.conn.pendingWriteBytes() > client.broker.options.maxQueuedBytes();
  }

  /** A queued message as forwarded now; null when expired or too large for the client. */
  private PublishPacket forwardable(PublishPacket queued) {
    PublishPacket forwarded = client.broker.expiry.forward(queued);
    return forwarded != null && FlowControl.fits(client, forwarded) ? forwarded : null;
  }

  /** Sends waiting messages, oldest first, while in-flight slots are free. */
  private void drain() {
    Session session = client.session;
    int bound = session.pending().size();
    for (int i = 0; i < bound && session.inflightCount() < inflightLimit()
        && client.connected && !client.closed; i++) {
      Session.Pending next = session.pending().poll();
      sendNow(next.packet(), next.queued(), next.shared(), next.done());
    }
    updateDepth();
  }

  /** maxInflight, or the client's smaller Receive Maximum ([MQTT-3.3.4-9]). */
  private int inflightLimit() {
    return Math.min(client.broker.options.maxInflight(), client.receiveMaximum);
  }

  private boolean queueFull(Session session) {
    return session.pending().size() >= client.broker.options.maxQueued();
  }

  /** A QoS 1/2 message refused for a full queue: MQTT 3.1.1 cannot tell the client, so count. */
  private void heldBeyondLimit() {
    if (!overflowLogged) {
      overflowLogged = true;
      LOG.warn("client {} has {} messages waiting (maxQueued) in a persistent session: holding "
          + "more, QoS 1/2 of persistent sessions are not dropped", client.id,
          client.session.pending().size());
    }
  }

  private void overflow() {
    client.broker.droppedMessages.increment();
    client.broker.overflowedMessages.increment();
    if (!overflowLogged) {
      overflowLogged = true;
      LOG.warn("client {} has {} messages waiting (maxQueued): dropping new QoS 1/2 messages",
          client.id, client.session.pending().size());
    }
  }

  /** QoS 1/2 messages in flight plus waiting, as last seen on the lane. */
  int queueDepth() {
    return depth;
  }

  private void updateDepth() {
    Session session = client.session;
    depth = session == null ? 0 : session.inflightCount() + session.pending().size();
  }

  CompletionStage<Void> onPuback(PubackPacket packet) {
    PublishPacket sent = client.session.inflight().remove(packet.messageId());
    client.session.sharedInflight().remove(packet.messageId());
    // Aedes's ack event: the PUBLISH at QoS 1. The client's next packet does not wait for the
    // store's clear (one fsync per PUBACK with sync durability): a clear lost in a crash only
    // sends the message again, which QoS 1 allows; a store applies its calls in order.
    acknowledged(sent, packet.messageId()).whenComplete((v, e) -> {
      if (e != null) {
        LOG.warn("client {}: clearing acknowledged message {} from the store failed", client.id,
            packet.messageId(), e);
      }
    });
    return CompletableFuture.completedFuture(null);
  }

  CompletionStage<Void> onPubrec(PubrecPacket packet) {
    Session session = client.session;
    session.inflight().remove(packet.messageId());
    session.sharedInflight().remove(packet.messageId());
    session.awaitingPubcomp().add(packet.messageId());
    PubrelPacket pubrel = new PubrelPacket(packet.messageId());
    if (session.clean()) {
      client.conn.pubrel(pubrel);
      return CompletableFuture.completedFuture(null);
    }
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

  CompletionStage<Void> onPubcomp(PubcompPacket packet) {
    boolean known = client.session.awaitingPubcomp().remove(packet.messageId());
    // Aedes's ack event: the PUBREL that PUBCOMP completes at QoS 2
    return acknowledged(known ? new PubrelPacket(packet.messageId()) : null, packet.messageId());
  }

  /** A delivery completed: emit {@code ack} with {@code acked} and forget the message. */
  private CompletionStage<Void> acknowledged(dev.aedes.packet.Packet acked, int messageId) {
    if (acked == null) {
      return CompletableFuture.completedFuture(null); // unknown id: nothing in flight
    }
    Events.emit(client.broker.events.ack, acked, client);
    drain();
    if (client.session.clean()) {
      return CompletableFuture.completedFuture(null);
    }
    return client.broker.persistence.outgoingClearMessageId(client.id, messageId)
        .thenApply(p -> null);
  }

  /**
   * Re-sends what the session left unacknowledged, in order: PUBLISH with DUP, PUBREL for
   * QoS 2 messages already received ([MQTT-4.4.0-1]); then what was queued while away.
   */
  CompletionStage<Void> resumeSession() {
    Session session = client.session;
    for (PublishPacket sent : session.inflight().values()) {
      write(sent.withMessageId(sent.messageId(), true), IGNORE);
    }
    for (int messageId : session.awaitingPubcomp()) {
      client.conn.pubrel(new PubrelPacket(messageId));
    }
    drain();
    if (session.clean()) {
      return CompletableFuture.completedFuture(null);
    }
    Persistence persistence = client.broker.persistence;
    // both reads asked at once (in this order): a store that orders reads behind its queued
    // writes serves them in one turn; the client's own packets wait for this resume anyway
    CompletionStage<List<Integer>> released = persistence.outgoingReleased(client.id);
    CompletionStage<List<PublishPacket>> stream = persistence.outgoingStream(client.id);
    return released.thenCompose(ids -> stream.thenComposeAsync(queued -> {
      sendReleased(ids);
      return sendQueued(queued);
    }, client.lane));
  }

  /** PUBRELs stored before a restart, which the session held here does not know of. */
  private void sendReleased(List<Integer> released) {
    for (int messageId : released) {
      if (!client.session.inflight().containsKey(messageId)
          && client.session.awaitingPubcomp().add(messageId)) {
        client.conn.pubrel(new PubrelPacket(messageId));
      }
    }
  }

  /** Takes one of {@code packet} from the counts; false when there is none. */
  private static boolean takeOne(Map<PublishPacket, Integer> counts, PublishPacket packet) {
    Integer count = counts.get(packet);
    if (count == null) {
      return false;
    }
    if (count == 1) {
      counts.remove(packet);
    } else {
      counts.put(packet, count - 1);
    }
    return true;
  }

  private CompletionStage<Void> sendQueued(List<PublishPacket> queued) {
    Session session = client.session;
    Map<Integer, PublishPacket> inflight = session.inflight();
    // by value: a store that decodes its entries (RocksDB) returns new, equal instances
    Map<PublishPacket, Integer> waiting = new HashMap<>();
    session.pending().forEach(p -> {
      if (p.queued() != null) {
        waiting.merge(p.queued(), 1, Integer::sum);
      }
    });
    List<CompletableFuture<Void>> updates = new ArrayList<>();
    for (PublishPacket packet : queued) {
      int id = packet.messageId();
      if (id != 0 && (inflight.containsKey(id) || session.awaitingPubcomp().contains(id))) {
        continue; // re-sent above from the session held in memory
      }
      if (id == 0 && takeOne(waiting, packet)) {
        continue; // waiting in the session held in memory
      }
      if (id != 0) {
        PublishPacket dup = packet.withMessageId(id, true);
        inflight.put(id, packet);
        write(dup, IGNORE);
        continue;
      }
      if (session.inflightCount() >= inflightLimit() || !session.pending().isEmpty()) {
        if (queueFull(session)) {
          break; // the rest waits in persistence for the next resume
        }
        PublishPacket forwarded = forwardable(packet); // queued ones are stamped
        if (forwarded != null) {
          // expired ones stay in persistence; a later resume with a free id clears them
          session.pending().add(new Session.Pending(forwarded, packet, null, IGNORE));
        }
        continue;
      }
      int messageId = session.nextMessageId();
      if (messageId == 0) {
        break; // every id in flight: the rest waits in persistence for the next resume
      }
      PublishPacket forwarded = forwardable(packet); // queued ones are stamped
      if (forwarded == null) {
        // expired ([MQTT-3.3.2-5]) or too large ([MQTT-3.1.2-25]): the id names the entry
        PublishPacket expired = packet.withMessageId(messageId, false);
        updates.add(client.broker.persistence.outgoingUpdate(client.id, packet, expired)
            .thenCompose(v -> client.broker.persistence.outgoingClearMessageId(client.id, messageId))
            .<Void>thenApply(p -> null).toCompletableFuture());
        continue;
      }
      PublishPacket out = forwarded.withMessageId(messageId, false);
      inflight.put(messageId, out);
      // Submitted before the PUBLISH goes out, not chained after the previous update: a store
      // that applies calls in order (RocksDB's writer) then sees the PUBACK's clear after it.
      CompletableFuture<Void> updated =
          client.broker.persistence.outgoingUpdate(client.id, packet, out).toCompletableFuture();
      updates.add(updated);
      writeOnceStored(updated, out, IGNORE);
    }
    updateDepth();
    return CompletableFuture.allOf(updates.toArray(CompletableFuture[]::new));
  }
}
