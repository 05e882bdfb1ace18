package dev.aedes.spi;

import dev.aedes.packet.PublishPacket;
import dev.aedes.packet.Subscription;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * What every part of the {@link Persistence} contract needs: the store under test, a way to
 * wait for its stages, and packet builders. Implemented by {@link PersistenceContractTest}.
 */
public interface PersistenceFixture {
  /** How long one call to the store may take before the test fails. */
  long TIMEOUT_SECONDS = 5;

  /** The store under test, fresh for each test. */
  Persistence persistence();

  /** Waits for {@code stage} and returns its value; a failed or slow stage fails the test. */
  default <T> T await(CompletionStage<T> stage) {
    try {
      return stage.toCompletableFuture().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("persistence call did not complete normally", e);
    }
  }

  /** A retained QoS 0 message. */
  default PublishPacket retained(String topic, String payload) {
    return new PublishPacket(topic, payload.getBytes(StandardCharsets.UTF_8), 0, 0, true);
  }

  /** A QoS 1 message without a message id yet, as queued for an offline client. */
  default PublishPacket queued(String topic, String payload) {
    return new PublishPacket(topic, payload.getBytes(StandardCharsets.UTF_8), 1, 0, false);
  }

  /** A QoS {@code qos} message carrying {@code messageId}. */
  default PublishPacket withId(String topic, int qos, int messageId) {
    return new PublishPacket(topic, ("m" + messageId).getBytes(StandardCharsets.UTF_8), qos,
        messageId, false);
  }

  /** A subscription at {@code qos}. */
  default Subscription sub(String filter, int qos) {
    return new Subscription(filter, qos);
  }

  /** Topics of {@code packets}, in their order. */
  default List<String> topics(List<PublishPacket> packets) {
    return packets.stream().map(PublishPacket::topic).toList();
  }
}
