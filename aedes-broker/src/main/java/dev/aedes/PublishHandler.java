package dev.aedes;

import dev.aedes.packet.PacketException;
import dev.aedes.packet.ProtocolVersion;
import dev.aedes.packet.PubackPacket;
import dev.aedes.packet.PubcompPacket;
import dev.aedes.packet.PublishPacket;
import dev.aedes.packet.PubrecPacket;
import dev.aedes.packet.PubrelPacket;
import dev.aedes.packet.ReasonCode;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * The InboundManager: PUBLISH from a client at QoS 0, 1 (PUBACK once dispatched) and 2 (stored,
 * PUBREC; dispatched once on PUBREL, so a re-sent PUBLISH is never delivered twice,
 * [MQTT-4.3.3-10]); {@code authorizePublish} first, and a refusal closes the connection
 * ([MQTT-3.3.5-2]), or at MQTT 5 is answered with a reason code ({@link PublishRefusal}).
 */
final class PublishHandler {
  private PublishHandler() {
  }

  static CompletionStage<Void> handle(Client client, PublishPacket packet) {
    if (packet.qos() == 1) {
      return handleQos1(client, packet, null).thenAccept(client.conn::puback);
    }
    return authorized(client, packet, authorization -> publish(client, packet, authorization));
  }

  /**
   * A QoS 1 PUBLISH: completes with the PUBACK to send once the message is published (stored
   * for every persistent session it is for), or with the refusal's PUBACK at MQTT 5. The
   * caller sends it, so that PUBACKs leave in the order of their PUBLISHes ([MQTT-4.6.0-2])
   * while several are being stored. {@code routed} (when not null) completes as soon as the
   * message is on the bus, or when it never gets there.
   */
  static CompletionStage<PubackPacket> handleQos1(Client client, PublishPacket packet,
      CompletableFuture<Void> routed) {
    CompletionStage<PubackPacket> answer = authorized(client, packet, authorization -> {
      if (authorization.error() != null) {
        return CompletableFuture.completedFuture(
            PublishRefusal.refusedPuback(client, packet, authorization.error()));
      }
      // the PUBACK is made in the publish's last stage, not a stage of its own
      return client.broker.publishInternal(authorizedPacket(authorization), client, routed,
          () -> new PubackPacket(packet.messageId()));
    });
    if (routed != null && !routed.isDone()) {
      answer.whenComplete((v, e) -> routed.complete(null));
    }
    return answer;
  }

  private static <T> CompletionStage<T> authorized(Client client, PublishPacket packet,
      Function<Authorization, CompletionStage<T>> next) {
    if (client.protocolVersion == ProtocolVersion.MQTT_5
        && !packet.properties().subscriptionIdentifiers().isEmpty()) {
      return CompletableFuture.failedFuture(PacketException.protocolError(
          "subscription identifier in a PUBLISH from a client [MQTT-3.3.4-6]"));
    }
    CompletionStage<Authorization> decided = client.broker.hooks.authorizePublish
        .authorizePublish(client, packet).handle(Authorization::new);
    return onLane(client, decided, next);
  }

  private static PublishPacket authorizedPacket(Authorization authorization) {
    if (authorization.packet() == null) {
      throw new IllegalStateException("authorizePublish completed without a packet");
    }
    return authorization.packet();
  }

  /**
   * {@code next} on the client's lane once {@code stage} completes: at once when it already has
   * and we are on the lane (the usual case: a hook or store that answers at once), so a message
   * takes no hop through the lane's task queue.
   */
  private static <T, R> CompletionStage<R> onLane(Client client, CompletionStage<T> stage,
      Function<T, CompletionStage<R>> next) {
    CompletableFuture<T> future = stage.toCompletableFuture();
    if (future.isDone() && !future.isCompletedExceptionally() && client.lane.inLane()) {
      try {
        return next.apply(future.join());
      } catch (RuntimeException e) {
        return CompletableFuture.failedFuture(e); // as thenComposeAsync would report it
      }
    }
    return future.thenComposeAsync(next, client.lane);
  }

  /** QoS 0 and 2. */
  private static CompletionStage<Void> publish(Client client, PublishPacket packet,
      Authorization authorization) {
    if (authorization.error() != null) {
      return PublishRefusal.refuse(client, packet, authorization.error());
    }
    PublishPacket authorized = authorizedPacket(authorization);
    Aedes broker = client.broker;
    return packet.qos() == 0 ? broker.publishInternal(authorized, client)
        : broker.persistence.incomingStorePacket(client.id, authorized)
            .thenRun(() -> client.conn.pubrec(new PubrecPacket(packet.messageId())));
  }

  /**
   * PUBREL: dispatch the stored QoS 2 message once, forget it, answer PUBCOMP. The deletion
   * lands with the copies for persistent sessions ({@link Aedes#publishReleased}); the same
   * PUBREL on a new connection meanwhile waits for this one ({@link IncomingReleases}).
   */
  static CompletionStage<Void> handlePubrel(Client client, PubrelPacket packet) {
    Aedes broker = client.broker;
    int messageId = packet.messageId();
    CompletableFuture<Void> release = new CompletableFuture<>();
    CompletableFuture<Void> running = broker.releases.start(client.id, messageId, release);
    if (running != null) {
      // released by then, and answered with a plain PUBCOMP; failed: tried again here
      return running.handleAsync((v, e) -> {
        if (e != null) {
          return handlePubrel(client, packet);
        }
        client.conn.pubcomp(new PubcompPacket(messageId));
        return CompletableFuture.<Void>completedFuture(null);
      }, client.lane).thenCompose(next -> next);
    }
    CompletionStage<Void> released = release(client, messageId);
    released.whenComplete((v, e) -> broker.releases.finish(client.id, messageId, release, e));
    return released;
  }

  private static CompletionStage<Void> release(Client client, int messageId) {
    Aedes broker = client.broker;
    return onLane(client, broker.persistence.incomingGetPacket(client.id, messageId),
        stored -> {
          if (stored == null) {
            int code = client.protocolVersion == ProtocolVersion.MQTT_5
                ? ReasonCode.PACKET_IDENTIFIER_NOT_FOUND.code() : 0;
            client.conn.pubcomp(new PubcompPacket(messageId, code, null));
            return CompletableFuture.completedFuture(null);
          }
          return broker.publishReleased(stored, client,
                  () -> broker.persistence.incomingDelPacket(client.id, messageId))
              .thenRun(() -> client.conn.pubcomp(new PubcompPacket(messageId)));
        });
  }

  /** What {@code authorizePublish} decided: the packet to publish, or the refusal. */
  private record Authorization(PublishPacket packet, Throwable error) {
  }
}
