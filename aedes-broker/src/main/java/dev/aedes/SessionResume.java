package dev.aedes;

import dev.aedes.packet.PublishPacket;
import dev.aedes.packet.PubrelPacket;
import dev.aedes.session.Session;
import dev.aedes.spi.Persistence;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Resumes a session on reconnect for {@link Outbound}: re-sends what was unacknowledged with DUP
 * ([MQTT-4.4.0-1]), then what a persistent session's store kept (PUBRELs, in-flight and queued
 * messages) that the session held in memory does not know of. Runs on the client's lane only.
 */
final class SessionResume {
  private final Client client;
  private final Outbound outbound;
  private final PersistentOutbound persistent;

  SessionResume(Client client, Outbound outbound, PersistentOutbound persistent) {
    this.client = client;
    this.outbound = outbound;
    this.persistent = persistent;
  }

  /**
   * Re-sends what the session left unacknowledged, in order: PUBLISH with DUP, PUBREL for
   * QoS 2 messages already received ([MQTT-4.4.0-1]); then what was queued while away.
   */
  CompletionStage<Void> resumeSession() {
    Session session = client.session;
    for (PublishPacket sent : session.inflight().values()) {
      outbound.write(sent.withMessageId(sent.messageId(), true), Outbound.IGNORE);
    }
    for (int messageId : session.awaitingPubcomp()) {
      client.conn.pubrel(new PubrelPacket(messageId));
    }
    outbound.drain();
    if (session.clean()) {
      return CompletableFuture.completedFuture(null);
    }
    Persistence persistence = client.broker.persistence;
    // both reads asked at once (in this order): a store that orders reads behind its queued
    // writes serves them in one turn; the client's own packets wait for this resume anyway
    CompletionStage<List<Integer>> released = persistence.outgoingReleased(client.id);
    CompletionStage<List<PublishPacket>> stream = persistence.outgoingStream(client.id);
    return released.thenCompose(ids -> stream.thenComposeAsync(queued -> {
      if (client.closed) {
        // taken over (or gone) while reading: the session is another connection's now
        return CompletableFuture.completedFuture(null);
      }
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

  /** A queued message as forwarded now; null when expired or too large for the client. */
  private PublishPacket forwardable(PublishPacket queued) {
    PublishPacket forwarded = client.broker.expiry.forward(queued);
    return forwarded != null && FlowControl.fits(client, forwarded) ? forwarded : null;
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
    // the messages sent before, under their ids, first: those ids are taken before any is given
    // to an unsent entry. An entry with an id may follow one without (a copy put back from a
    // journal after a crash: sent while an entry queued before it waited for the lane)
    List<PublishPacket> unsent = new ArrayList<>();
    for (PublishPacket packet : queued) {
      int id = packet.messageId();
      if (id == 0) {
        unsent.add(packet);
      } else if (!inflight.containsKey(id) && !session.awaitingPubcomp().contains(id)) {
        inflight.put(id, packet); // else re-sent above from the session held in memory
        outbound.write(packet.withMessageId(id, true), Outbound.IGNORE);
      }
    }
    for (PublishPacket packet : unsent) {
      if (takeOne(waiting, packet)) {
        continue; // waiting in the session held in memory
      }
      persistent.takeArrived(packet); // a released copy handed over meanwhile: sent here
      if (session.inflightCount() >= outbound.inflightLimit() || !session.pending().isEmpty()) {
        if (outbound.queueFull(session)) {
          break; // the rest waits in persistence for the next resume
        }
        PublishPacket forwarded = forwardable(packet); // queued ones are stamped
        if (forwarded != null) {
          // expired ones stay in persistence; a later resume with a free id clears them
          session.pending().add(new Session.Pending(forwarded, packet, null, Outbound.IGNORE,
              client.broker.expiry.expiresAt(forwarded, packet)));
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
      persistent.writeOnceStored(updated, out, Outbound.IGNORE);
    }
    outbound.updateDepth();
    return CompletableFuture.allOf(updates.toArray(CompletableFuture[]::new));
  }
}
