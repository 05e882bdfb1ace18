package dev.aedes;

import dev.aedes.packet.PubackPacket;
import dev.aedes.packet.PubcompPacket;
import dev.aedes.packet.PublishPacket;
import dev.aedes.packet.PubrecPacket;
import dev.aedes.packet.PubrelPacket;
import dev.aedes.session.Session;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * The OutboundManager: delivers messages to one client at the granted QoS, keeps QoS 1/2
 * messages in flight until acknowledged (persistent sessions also in persistence), and resumes a
 * session on reconnect by re-sending what was unacknowledged with DUP ([MQTT-4.4.0-1]).
 * Runs on the client's lane only.
 */
final class Outbound {
  private static final Consumer<Throwable> IGNORE = e -> { };
  private final Client client;

  Outbound(Client client) {
    this.client = client;
  }

  /** Forwards a routed message at {@code qos} (already downgraded to the subscription's). */
  void deliver(PublishPacket packet, int qos, boolean retain) {
    deliver(packet, qos, retain, null);
  }

  /** {@link #deliver}, for the shared subscription {@code shared} when not null. */
  void deliver(PublishPacket packet, int qos, boolean retain, String shared) {
    if (client.closed || !client.accepted) {
      return;
    }
    send(packet, qos, retain, false, shared, IGNORE);
  }

  /** {@link Client#publish}: straight to this client at the packet's own QoS. */
  void deliverDirect(PublishPacket packet, Consumer<Throwable> done) {
    if (client.closed || !client.accepted) {
      done.accept(new IllegalStateException("client is not connected"));
      return;
    }
    send(packet, packet.qos(), packet.retain(), true, null, done);
  }

  private void send(PublishPacket original, int qos, boolean retain, boolean direct,
      String shared, Consumer<Throwable> done) {
    PublishPacket packet = client.broker.hooks.authorizeForward.authorizeForward(client, original);
    if (packet == null) {
      done.accept(null);
      return;
    }
    if (qos == 0) {
      if (!direct && !client.conn.isWritable()) {
        client.broker.droppedMessages.increment(); // QoS 0 beyond the window is dropped
        done.accept(null);
        return;
      }
      client.conn.publish(new PublishPacket(false, 0, retain, packet.topic(), 0,
          packet.payload(), packet.properties()), done::accept);
      return;
    }
    Session session = client.session;
    int messageId = session.nextMessageId();
    if (messageId == 0) {
      client.broker.droppedMessages.increment();
      done.accept(new IllegalStateException("no free message id for " + client.id));
      return;
    }
    PublishPacket out = new PublishPacket(false, qos, retain, packet.topic(), messageId,
        packet.payload(), packet.properties());
    session.inflight().put(messageId, out);
    if (shared != null) {
      session.sharedInflight().put(messageId, shared);
    }
    if (session.clean()) {
      client.conn.publish(out, done::accept);
      return;
    }
    client.broker.persistence.outgoingEnqueue(client.id, out)
        .whenComplete((v, e) -> client.lane.run(() -> {
          if (e != null) {
            done.accept(e);
          } else if (!client.closed) {
            client.conn.publish(out, done::accept);
          }
        }));
  }

  CompletionStage<Void> onPuback(PubackPacket packet) {
    PublishPacket sent = client.session.inflight().remove(packet.messageId());
    client.session.sharedInflight().remove(packet.messageId());
    return acknowledged(sent, packet.messageId()); // Aedes's ack event: the PUBLISH at QoS 1
  }

  CompletionStage<Void> onPubrec(PubrecPacket packet) {
    Session session = client.session;
    session.inflight().remove(packet.messageId());
    session.sharedInflight().remove(packet.messageId());
    session.awaitingPubcomp().add(packet.messageId());
    client.conn.pubrel(new PubrelPacket(packet.messageId()));
    return CompletableFuture.completedFuture(null);
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
      client.conn.publish(sent.withMessageId(sent.messageId(), true));
    }
    for (int messageId : session.awaitingPubcomp()) {
      client.conn.pubrel(new PubrelPacket(messageId));
    }
    if (session.clean()) {
      return CompletableFuture.completedFuture(null);
    }
    return client.broker.persistence.outgoingStream(client.id)
        .thenComposeAsync(this::sendQueued, client.lane);
  }

  private CompletionStage<Void> sendQueued(List<PublishPacket> queued) {
    Session session = client.session;
    Map<Integer, PublishPacket> inflight = session.inflight();
    CompletionStage<Void> all = CompletableFuture.completedFuture(null);
    for (PublishPacket packet : queued) {
      int id = packet.messageId();
      if (id != 0 && (inflight.containsKey(id) || session.awaitingPubcomp().contains(id))) {
        continue; // re-sent above from the session held in memory
      }
      if (id != 0) {
        PublishPacket dup = packet.withMessageId(id, true);
        inflight.put(id, packet);
        client.conn.publish(dup);
        continue;
      }
      int messageId = session.nextMessageId();
      if (messageId == 0) {
        break; // every id in flight: the rest waits in persistence for the next resume
      }
      PublishPacket out = packet.withMessageId(messageId, false);
      inflight.put(messageId, out);
      all = all.thenCompose(v -> client.broker.persistence.outgoingUpdate(client.id, packet, out));
      client.conn.publish(out);
    }
    return all;
  }
}
