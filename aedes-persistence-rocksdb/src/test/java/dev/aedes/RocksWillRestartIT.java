package dev.aedes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.aedes.packet.ConnectPacket;
import dev.aedes.packet.Properties;
import dev.aedes.packet.PublishPacket;
import dev.aedes.packet.Subscription;
import dev.aedes.packet.Will;
import dev.aedes.persistence.rocksdb.Durability;
import dev.aedes.persistence.rocksdb.RocksPersistence;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Wills on RocksDB across a crash (issue 7): the broker's writes stop while one client is
 * connected and another's delayed will waits; the broker restarted on the same directory
 * publishes the first will at once and the delayed one at its due time.
 */
class RocksWillRestartIT {
  @TempDir
  Path dir;
  private final TestClock clock = new TestClock();
  private final List<String> disconnected = new CopyOnWriteArrayList<>();

  private TestBroker start(dev.aedes.spi.Persistence store) throws Exception {
    TestBroker broker = TestBroker.start(
        new AedesOptions().id("node-1").clock(clock).persistence(store));
    broker.aedes().ready().toCompletableFuture().get(5, TimeUnit.SECONDS);
    broker.aedes().onClientDisconnect(client -> disconnected.add(client.id()));
    return broker;
  }

  private RocksPersistence open() {
    return RocksPersistence.open(dir, Durability.SYNC, Duration.ofMillis(50));
  }

  private static ConnectPacket withWill(int version, String clientId, long willDelay) {
    Will will = new Will("will/" + clientId, "gone".getBytes(StandardCharsets.UTF_8), 1,
        version == 4, version == 5
            ? Properties.builder().willDelayInterval(willDelay).build() : Properties.EMPTY);
    ConnectPacket connect = ConnectPacket.of(version, clientId, version == 4, 0).withWill(will);
    return version == 5
        ? connect.withProperties(Properties.builder().sessionExpiryInterval(300).build())
        : connect;
  }

  private static String text(PublishPacket message) {
    return new String(message.payload(), StandardCharsets.UTF_8);
  }

  @Test
  @DisplayName("[MQTT-3.1.2-8] after a crash the restarted broker publishes the stored will at "
      + "once and the delayed one at its due time")
  void willsStoredInRocksDbArePublishedAfterACrash() throws Exception {
    RocksPersistence store = open();
    CrashableStore crashable = new CrashableStore(store);
    try (TestBroker first = start(crashable.persistence);
         RawClient connected = RawClient.open(first);
         RawClient dropped = RawClient.open(first)) {
      assertThat(connected.connect(withWill(4, "sensor", 0)).reasonCode()).isZero();
      assertThat(dropped.connect(withWill(5, "delayed", 30)).reasonCode()).isZero();
      dropped.destroy();
      await().until(() -> disconnected.remove("delayed"));
      crashable.crash(); // "sensor" is still connected
    } finally {
      store.destroy().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    RocksPersistence reopened = open();
    try (TestBroker second = start(reopened);
         RawClient observer = RawClient.connected(second, "observer", true)) {
      observer.subscribe(1, new Subscription("will/#", 1));
      PublishPacket retained = observer.expect(PublishPacket.class);
      assertThat(retained.topic()).isEqualTo("will/sensor");
      assertThat(retained.retain()).as("published at start, before anyone listened").isTrue();

      second.aedes().publish(PublishPacket.of("will/delayed", "marker")).toCompletableFuture()
          .get(5, TimeUnit.SECONDS);
      assertThat(text(observer.expect(PublishPacket.class))).as("held until due")
          .isEqualTo("marker");
      clock.advance(Duration.ofSeconds(31));
      second.aedes().expire();
      PublishPacket delayed = observer.expect(PublishPacket.class);
      assertThat(delayed.topic()).isEqualTo("will/delayed");
      assertThat(text(delayed)).isEqualTo("gone");
      await().until(() -> reopened.streamWill(List.of()).toCompletableFuture().join().isEmpty());
    } finally {
      reopened.destroy().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }
  }
}
