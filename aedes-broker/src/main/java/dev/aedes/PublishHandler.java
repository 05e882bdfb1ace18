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
    if (client.protocolVersion == ProtocolVersion.MQTT_5
        && !packet.properties().subscriptionIdentifiers().isEmpty()) {
      return CompletableFuture.failedFuture(PacketException.protocolError(
          "subscription identifier in a PUBLISH from a client [MQTT-3.3.4-6]"));
    }
    CompletionStage<Authorization> decided = client.broker.hooks.authorizePublish
        .authorizePublish(client, packet).handle(Authorization::new);
    return onLane(client, decided, authorization -> publish(client, packet, authorization));
  }

  /**
   * {@code next} on the client's lane once {@code stage} completes: at once when it already has
   * and we are on the lane (the usual case: a hook or store that answers at once), so a message
   * takes no hop through the lane's task queue.
   */
  private static <T> CompletionStage<Void> onLane(Client client, CompletionStage<T> stage,
      Function<T, CompletionStage<Void>> next) {
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

  private static CompletionStage<Void> publish(Client client, PublishPacket packet,
      Authorization authorization) {
    if (authorization.error() != null) {
      return PublishRefusal.refuse(client, packet, authorization.error());
    }
    PublishPacket authorized = authorization.packet();
    if (authorized == null) {
      throw new IllegalStateException("authorizePublish completed without a packet");
    }
    Aedes broker = client.broker;
    return switch (packet.qos()) {
      case 0 -> broker.publishInternal(authorized, client);
      case 1 -> broker.publishInternal(authorized, client)
          .thenRun(() -> client.conn.puback(new PubackPacket(packet.messageId())));
      default -> broker.persistence.incomingStorePacket(client.id, authorized)
          .thenRun(() -> client.conn.pubrec(new PubrecPacket(packet.messageId())));
    };
  }

  /** PUBREL: dispatch the stored QoS 2 message once, forget it, answer PUBCOMP. */
  static CompletionStage<Void> handlePubrel(Client client, PubrelPacket packet) {
    Aedes broker = client.broker;
    int messageId = packet.messageId();
    return onLane(client, broker.persistence.incomingGetPacket(client.id, messageId),
        stored -> {
          if (stored == null) {
            int code = client.protocolVersion == ProtocolVersion.MQTT_5
                ? ReasonCode.PACKET_IDENTIFIER_NOT_FOUND.code() : 0;
            client.conn.pubcomp(new PubcompPacket(messageId, code, null));
            return CompletableFuture.completedFuture(null);
          }
          return broker.publishInternal(stored, client)
              .thenCompose(v -> broker.persistence.incomingDelPacket(client.id, messageId))
              .thenRun(() -> client.conn.pubcomp(new PubcompPacket(messageId)));
        });
  }

  /** What {@code authorizePublish} decided: the packet to publish, or the refusal. */
  private record Authorization(PublishPacket packet, Throwable error) {
  }
}
