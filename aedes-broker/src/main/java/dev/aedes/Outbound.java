package dev.aedes;

import dev.aedes.packet.PubackPacket;
import dev.aedes.packet.PubcompPacket;
import dev.aedes.packet.PublishPacket;
import dev.aedes.packet.PubrecPacket;
import dev.aedes.packet.PubrelPacket;
import dev.aedes.session.Session;
import java.util.ArrayList;
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
    if (client.closed || !client.connected) {
      return;
    }
    send(packet, qos, retain, false, IGNORE);
  }

  /** {@link Client#publish}: straight to this client at the packet's own QoS. */
  void deliverDirect(PublishPacket packet, Consumer<Throwable> done) {
    if (client.closed || !client.connected) {
      done.accept(new IllegalStateException("client is not connected"));
      return;
    }
    send(packet, packet.qos(), packet.retain(), true, done);
  }

  private void send(PublishPacket original, int qos, boolean retain, boolean direct,
      Consumer<Throwable> done) {
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
    return acknowledged(sent, packet.messageId(), packet);
  }

  CompletionStage<Void> onPubrec(PubrecPacket packet) {
    Session session = client.session;
    session.inflight().remove(packet.messageId());
    session.awaitingPubcomp().add(packet.messageId());
    client.conn.pubrel(new PubrelPacket(packet.messageId()));
    return CompletableFuture.completedFuture(null);
  }

  CompletionStage<Void> onPubcomp(PubcompPacket packet) {
    boolean known = client.session.awaitingPubcomp().remove(packet.messageId());
    return acknowledged(known ? packet : null, packet.messageId(), packet);
  }

  private CompletionStage<Void> acknowledged(Object sent, int messageId,
      dev.aedes.packet.Packet ack) {
    if (sent == null) {
      return CompletableFuture.completedFuture(null); // unknown id: nothing in flight
    }
    Events.emit(client.broker.events.ack, ack, client);
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
    List<CompletableFuture<Void>> updates = new ArrayList<>();
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
      // Submitted before the PUBLISH goes out, not chained after the previous update: a store
      // that applies calls in order (RocksDB's writer) then sees the PUBACK's clear after it.
      updates.add(client.broker.persistence.outgoingUpdate(client.id, packet, out)
          .toCompletableFuture());
      client.conn.publish(out);
    }
    return CompletableFuture.allOf(updates.toArray(CompletableFuture[]::new));
  }
}
