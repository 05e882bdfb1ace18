package dev.aedes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.aedes.packet.Properties;
import dev.aedes.packet.PublishPacket;
import dev.aedes.persistence.rocksdb.Durability;
import dev.aedes.persistence.rocksdb.RocksPersistence;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A broker on RocksDB removes a queued message whose Message Expiry Interval passed from the
 * queue of a session that stays away ([MQTT-3.3.2-5]), at its expiry check, across a restart.
 */
class RocksExpiryIT {
  @TempDir
  Path dir;
  private final TestClock clock = new TestClock();
  private final List<String> disconnected = new CopyOnWriteArrayList<>();

  private static void publish(TestBroker broker, String topic, Long expiry) throws Exception {
    Properties properties = expiry == null ? Properties.EMPTY
        : Properties.builder().messageExpiryInterval(expiry).build();
    broker.aedes().publish(new PublishPacket(false, 1, false, topic, 0,
            topic.getBytes(StandardCharsets.UTF_8), properties))
        .toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  private static List<String> queued(TestBroker broker, String clientId) {
    return broker.aedes().persistence.outgoingStream(clientId).toCompletableFuture().join()
        .stream().map(PublishPacket::topic).toList();
  }

  private TestBroker start(RocksPersistence store) throws Exception {
    TestBroker broker = TestBroker.start(new AedesOptions().persistence(store).clock(clock)
        .expiryCheckInterval(50));
    broker.aedes().ready().toCompletableFuture().get(5, TimeUnit.SECONDS);
    broker.aedes().onClientDisconnect(client -> disconnected.add(client.id()));
    return broker;
  }

  @Test
  void anExpiredMessageLeavesTheQueueOfASessionThatStaysAwayAlsoAfterARestart()
      throws Exception {
    RocksPersistence store = RocksPersistence.open(dir, Durability.SYNC, Duration.ofMillis(50));
    try (TestBroker broker = start(store)) {
      try (PahoClient away = PahoClient.connect(broker, "away", false)) { // 3.1.1, kept
        away.subscribe("exp/#", 1);
      }
      await().until(() -> disconnected.contains("away"));
      publish(broker, "exp/soon", 10L);
      publish(broker, "exp/later", 100L);
      publish(broker, "exp/never", null);
      assertThat(queued(broker, "away")).hasSize(3);
      clock.advance(Duration.ofSeconds(11));
      await().untilAsserted(() -> assertThat(queued(broker, "away"))
          .containsExactly("exp/later", "exp/never"));
      assertThat(broker.aedes().expiredMessages()).isEqualTo(1);
    } finally {
      store.destroy().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    RocksPersistence reopened = RocksPersistence.open(dir, Durability.SYNC,
        Duration.ofMillis(50));
    try (TestBroker broker = start(reopened)) {
      clock.advance(Duration.ofSeconds(100));
      await().untilAsserted(() -> assertThat(queued(broker, "away"))
          .containsExactly("exp/never"));
      assertThat(broker.aedes().expiredMessages()).isEqualTo(1);
    } finally {
      reopened.destroy().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }
  }
}
