package dev.aedes;

import dev.aedes.packet.PubackPacket;
import dev.aedes.packet.PubcompPacket;
import dev.aedes.packet.PublishPacket;
import dev.aedes.packet.PubrecPacket;
import dev.aedes.packet.PubrelPacket;
import dev.aedes.session.Session;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OutboundManager: delivers messages to one client at the granted QoS, keeps QoS 1/2
 * messages in flight until acknowledged (persistent sessions also in persistence), and resumes a
 * session on reconnect by re-sending what was unacknowledged with DUP ([MQTT-4.4.0-1]). At most
 * {@code maxInflight} QoS 1/2 messages are in flight; later ones wait in the session, at most
 * {@code maxQueued}, and go out in order as acknowledgements free slots. A persistent session's
 * store writes are {@link PersistentOutbound}'s, the re-sending on reconnect
 * {@link SessionResume}'s. Runs on the client's lane only.
 */
final class Outbound {
  /** No one waits for the write; identity marks it for {@link #write}. */
  static final Consumer<Throwable> IGNORE = e -> { };
  private static final Logger LOG = LoggerFactory.getLogger(Outbound.class);
  private final Client client;
  private final PersistentOutbound persistent;
  private final SessionResume resume;
  /** The maxQueued refusal is logged once per client. */
  private boolean overflowLogged;
  private volatile int depth;

  Outbound(Client client) {
    this.client = client;
    this.persistent = new PersistentOutbound(client, this);
    this.resume = new SessionResume(client, this, persistent);
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
        : send(packet, qos, retain, false, shared, IGNORE, stored));
  }

  /** {@link PersistentOutbound#deliverQueued}: a released QoS 2 copy already in its queue. */
  void deliverQueued(PublishPacket stamped, PublishPacket queued, int qos, boolean retain,
      String shared) {
    persistent.deliverQueued(stamped, queued, qos, retain, shared);
  }

  private static void complete(CompletableFuture<Void> stored, CompletionStage<Void> write) {
    if (write != stored) { // a deferred write completes stored itself
      SessionHandOff.complete(stored, write);
    }
  }

  /** {@link Client#publish}: straight to this client at the packet's own QoS. */
  void deliverDirect(PublishPacket packet, Consumer<Throwable> done) {
    if (client.closed || !client.accepted) {
      done.accept(new IllegalStateException("client is not connected"));
      return;
    }
    send(packet, packet.qos(), packet.retain(), true, null, done, null);
  }

  /**
   * Sends or queues the message; returns the stage of its write to persistence (a persistent
   * session's QoS 1/2 message; {@code stored} itself when that completes it), or null when
   * nothing is written.
   */
  private CompletionStage<Void> send(PublishPacket original, int qos, boolean retain,
      boolean direct, String shared, Consumer<Throwable> done, CompletableFuture<Void> stored) {
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
        session.pending().add(new Session.Pending(out, null, shared, done,
            client.broker.expiry.expiresAt(out, null)));
        updateDepth();
        return null;
      }
      return persistent.enqueueWaiting(out, shared, done);
    }
    CompletionStage<Void> written = sendNow(out, null, shared, done, stored);
    updateDepth();
    return written;
  }

  /**
   * Gives {@code packet} a message id, records it in flight (and in persistence), sends it;
   * returns the stage of a new entry's write to persistence, or null.
   */
  CompletionStage<Void> sendNow(PublishPacket packet, PublishPacket queued,
      String shared, Consumer<Throwable> done) {
    return sendNow(packet, queued, shared, done, null);
  }

  /** {@link #sendNow}, completing {@code stored} (when not null) with a deferred write. */
  private CompletionStage<Void> sendNow(PublishPacket packet, PublishPacket queued,
      String shared, Consumer<Throwable> done, CompletableFuture<Void> stored) {
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
      // exact from a queued entry's stamp; else from the whole seconds left it goes out with
      // (a message sent with its last second left may be handed over up to a second late)
      long expiresAt = client.broker.expiry.expiresAt(packet, queued);
      if (expiresAt != Long.MAX_VALUE) {
        session.sharedExpiresAt(messageId, expiresAt); // kept if handed to another member
      }
    }
    if (session.clean()) {
      write(out, done);
      return null;
    }
    return persistent.storeAndSend(out, queued, done, stored);
  }

  /** Writes a PUBLISH, with a Topic Alias when the client takes them ([MQTT-3.3.2-11]). */
  void write(PublishPacket packet, Consumer<Throwable> done) {
    client.conn.publish(client.aliases.assign(packet),
        done == IGNORE ? client.backpressure.written : done::accept);
  }

  /** The bytes the connection has not yet handed to the socket exceed maxQueuedBytes. */
  private boolean qos0QueueFull() {
    return client.conn.pendingWriteBytes() > client.broker.options.maxQueuedBytes();
  }

  /** The session's resume is over: what came to wait meanwhile goes out now, in order. */
  void resumed() {
    persistent.resumed();
    drain();
  }

  /** Sends waiting messages, oldest first, while in-flight slots are free. */
  void drain() {
    Session session = client.session;
    int bound = session.pending().size();
    for (int i = 0; i < bound && session.inflightCount() < inflightLimit()
        && client.connected && !client.closed; i++) {
      Session.Pending next = session.pending().poll();
      PublishPacket packet = client.broker.expiry.afterWaiting(next.packet(), next.expiresAt());
      if (packet == null) {
        // expired while it waited ([MQTT-3.3.2-5]): never sent; a persistent session's queue
        // entry, past the same deadline, goes with the store's next expiry sweep
        next.done().accept(null);
        continue;
      }
      sendNow(packet, next.queued(), next.shared(), next.done());
    }
    updateDepth();
  }

  /** maxInflight, or the client's smaller Receive Maximum ([MQTT-3.3.4-9]). */
  int inflightLimit() {
    return Math.min(client.broker.options.maxInflight(), client.receiveMaximum);
  }

  boolean queueFull(Session session) {
    return session.pending().size() >= client.broker.options.maxQueued();
  }

  /** A QoS 1/2 message refused for a full queue: MQTT 3.1.1 cannot tell the client, so count. */
  void heldBeyondLimit() {
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

  void updateDepth() {
    Session session = client.session;
    depth = session == null ? 0 : session.inflightCount() + session.pending().size();
  }

  CompletionStage<Void> onPuback(PubackPacket packet) {
    PublishPacket sent = client.session.inflight().remove(packet.messageId());
    client.session.sharedAnswered(packet.messageId());
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
    session.sharedAnswered(packet.messageId());
    session.awaitingPubcomp().add(packet.messageId());
    PubrelPacket pubrel = new PubrelPacket(packet.messageId());
    if (session.clean()) {
      client.conn.pubrel(pubrel);
      return CompletableFuture.completedFuture(null);
    }
    return persistent.storeAndSendPubrel(pubrel);
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
    return persistent.clear(messageId);
  }

  /**
   * A persistent session's copies whose write is deferred are written now, in the order sent:
   * when the connection closes, or before the router appends a released copy. Any thread.
   */
  void writeDeferred() {
    persistent.writeDeferred();
  }

  /** {@link SessionResume#resumeSession}: re-sends what the session left unacknowledged. */
  CompletionStage<Void> resumeSession() {
    return resume.resumeSession();
  }
}
