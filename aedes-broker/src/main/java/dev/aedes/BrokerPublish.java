package dev.aedes;

import dev.aedes.packet.PublishPacket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * The steps of every publish through the broker, for {@link Aedes}: store a retained message,
 * emit on the bus, then the {@code published} hook and the {@code publish} event.
 */
final class BrokerPublish {
  private final Aedes broker;

  BrokerPublish(Aedes broker) {
    this.broker = broker;
  }

  /**
   * Publishes {@code packet} from {@code client} (null for the broker itself), completing
   * {@code routed} (when not null) as soon as the message is handed to the bus, before its
   * stores complete: the publisher's next message may be routed from then on and keeps its
   * place behind this one.
   */
  CompletionStage<Void> publish(PublishPacket packet, Client client,
      CompletableFuture<Void> routed) {
    return publish(packet, client, routed, null);
  }

  /**
   * {@link #publish(PublishPacket, Client, CompletableFuture)}, completing with
   * {@code answer}'s value (null when {@code answer} is null), taken after the publish event in
   * the same stage: a QoS 1 publish's PUBACK, without a stage of its own.
   */
  <T> CompletionStage<T> publish(PublishPacket packet, Client client,
      CompletableFuture<Void> routed, Supplier<T> answer) {
    // a retained message keeps its deadline, not its interval ([MQTT-3.3.2-5])
    CompletionStage<Void> emitted = packet.retain()
        ? broker.persistence.storeRetained(broker.expiry.stamp(packet))
            .thenCompose(v -> emit(packet, client, routed))
        : emit(packet, client, routed);
    return emitted.thenCompose(v -> publishedThenEvent(packet, client, answer));
  }

  /**
   * The {@code published} hook, then the {@code publish} event: in the same stage when the hook
   * answers at once (the usual case), so a publish waiting for a store makes one stage less.
   */
  private <T> CompletionStage<T> publishedThenEvent(PublishPacket packet, Client client,
      Supplier<T> answer) {
    CompletionStage<Void> hooked = broker.hooks.published.published(packet, client);
    if (hooked instanceof CompletableFuture<Void> done && done.isDone()
        && !done.isCompletedExceptionally()) {
      Events.emit(broker.events.publish, packet, client); // never throws
      return CompletableFuture.completedFuture(answer == null ? null : answer.get());
    }
    return hooked.thenApply(v -> {
      Events.emit(broker.events.publish, packet, client);
      return answer == null ? null : answer.get();
    });
  }

  /**
   * A QoS 2 message released by its PUBREL: stored as retained first when it is (again after a
   * re-sent PUBREL: the same message), then routed with {@code release}, the deletion of its
   * stored PUBLISH, in one atomic write of the store ({@link Router#emitReleased}).
   */
  CompletionStage<Void> released(PublishPacket packet, Client client,
      Supplier<CompletionStage<Void>> release) {
    CompletionStage<Void> retained = packet.retain()
        ? broker.persistence.storeRetained(broker.expiry.stamp(packet))
        : CompletableFuture.completedFuture(null);
    return retained
        .thenCompose(v -> broker.persistence.atomically(
            () -> broker.messageRouter.emitReleased(packet, client, release)))
        .thenCompose(v -> broker.hooks.published.published(packet, client))
        .thenRun(() -> Events.emit(broker.events.publish, packet, client));
  }

  private CompletionStage<Void> emit(PublishPacket packet, Client client,
      CompletableFuture<Void> routed) {
    CompletionStage<Void> emitted = broker.messageRouter.emit(packet, client);
    if (routed != null) {
      routed.complete(null);
    }
    return emitted;
  }
}
