package dev.aedes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.aedes.packet.ConnectPacket;
import dev.aedes.packet.Properties;
import dev.aedes.packet.PubackPacket;
import dev.aedes.packet.PubcompPacket;
import dev.aedes.packet.PublishPacket;
import dev.aedes.packet.PubrecPacket;
import dev.aedes.packet.PubrelPacket;
import dev.aedes.packet.Subscription;
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
 * A broker on RocksDB, stopped and started again on the same directory (the previous broker's
 * memory is gone): a persistent session's PUBREL state and Subscription Identifiers are back,
 * and a reconnect never sends a waiting message twice.
 */
class RocksRestartIT {
  @TempDir
  Path dir;
  private final List<String> disconnected = new CopyOnWriteArrayList<>();

  private TestBroker start(RocksPersistence store, AedesOptions options) throws Exception {
    TestBroker broker = TestBroker.start(options.persistence(store));
    broker.aedes().ready().toCompletableFuture().get(5, TimeUnit.SECONDS);
    broker.aedes().onClientDisconnect(client -> disconnected.add(client.id()));
    return broker;
  }

  private RocksPersistence open() {
    return RocksPersistence.open(dir, Durability.SYNC, Duration.ofMillis(50));
  }

  private static void publish(TestBroker broker, String topic, String payload, int qos)
      throws Exception {
    broker.aedes().publish(new PublishPacket(topic, payload.getBytes(StandardCharsets.UTF_8),
        qos, 0, false)).toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  private static String text(PublishPacket packet) {
    return new String(packet.payload(), StandardCharsets.UTF_8);
  }

  @Test
  void pubrelAndSubscriptionIdentifierAreBackAfterARestart() throws Exception {
    int messageId;
    RocksPersistence store = open();
    try (TestBroker first = start(store, new AedesOptions())) {
      try (RawClient sub = RawClient.open(first)) {
        sub.connect(ConnectPacket.of(5, "rocks", false, 0).withProperties(
            Properties.builder().sessionExpiryInterval(3600L).build()));
        sub.send(new dev.aedes.packet.SubscribePacket(1, List.of(new Subscription("r/#", 2)),
            Properties.builder().subscriptionIdentifier(4).build()));
        sub.expect(dev.aedes.packet.SubackPacket.class);
        publish(first, "r/q2", "once", 2);
        messageId = sub.expect(PublishPacket.class).messageId();
        sub.send(new PubrecPacket(messageId));
        assertThat(sub.expect(PubrelPacket.class).messageId()).isEqualTo(messageId);
        sub.destroy();
      }
      await().until(() -> disconnected.contains("rocks"));
    } finally {
      store.destroy().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }
    RocksPersistence reopened = open();
    try (TestBroker second = start(reopened, new AedesOptions())) {
      publish(second, "r/after", "queued", 1);
      try (RawClient back = RawClient.open(second)) {
        assertThat(back.connect(ConnectPacket.of(5, "rocks", false, 0).withProperties(
            Properties.builder().sessionExpiryInterval(3600L).build())).sessionPresent())
            .isTrue();
        assertThat(back.expect(PubrelPacket.class).messageId()).isEqualTo(messageId);
        PublishPacket queued = back.expect(PublishPacket.class);
        assertThat(text(queued)).as("the released message is not sent again").isEqualTo("queued");
        assertThat(queued.properties().subscriptionIdentifiers()).containsExactly(4);
        back.send(new PubcompPacket(messageId));
        back.send(new PubackPacket(queued.messageId()));
        await().until(() -> reopened.outgoingReleased("rocks").toCompletableFuture().join()
            .isEmpty() && reopened.outgoingStream("rocks").toCompletableFuture().join().isEmpty());
      }
    } finally {
      reopened.destroy().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void messagesWaitingForAnInflightSlotAreSentOnceAfterAReconnect() throws Exception {
    RocksPersistence store = open();
    try (TestBroker broker = start(store, new AedesOptions().maxInflight(1))) {
      try (RawClient sub = RawClient.connected(broker, "slow", false)) {
        sub.subscribe(1, new Subscription("w/#", 1));
        for (int i = 1; i <= 3; i++) {
          publish(broker, "w/" + i, "m" + i, 1);
        }
        assertThat(text(sub.expect(PublishPacket.class))).isEqualTo("m1"); // no PUBACK
        sub.destroy();
      }
      await().until(() -> disconnected.contains("slow"));
      try (RawClient back = RawClient.connected(broker, "slow", false)) {
        List<String> got = new CopyOnWriteArrayList<>();
        for (int i = 0; i < 3; i++) {
          PublishPacket packet = back.expect(PublishPacket.class);
          got.add(text(packet));
          back.send(new PubackPacket(packet.messageId()));
        }
        assertThat(got).containsExactly("m1", "m2", "m3");
        publish(broker, "w/marker", "marker", 1);
        assertThat(text(back.expect(PublishPacket.class))).as("nothing sent twice")
            .isEqualTo("marker");
      }
    } finally {
      store.destroy().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }
  }
}
