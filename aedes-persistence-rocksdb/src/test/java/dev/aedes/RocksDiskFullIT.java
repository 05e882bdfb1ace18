package dev.aedes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.aedes.persistence.rocksdb.Durability;
import dev.aedes.persistence.rocksdb.RocksPersistence;
import dev.aedes.persistence.rocksdb.TmpfsDisk;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A broker on RocksDB on a real full disk (a small tmpfs, issue 7): a message a persistent
 * session must store is never acknowledged and its publisher is disconnected, clean sessions go
 * on, and once space is freed persistent publishes are acknowledged again, without a restart.
 */
class RocksDiskFullIT {
  @RegisterExtension
  final TmpfsDisk disk = TmpfsDisk.perTest(16);
  private final List<String> disconnected = new CopyOnWriteArrayList<>();

  private static MqttAsyncClient publisher(TestBroker broker, String id) throws Exception {
    MqttAsyncClient client = new MqttAsyncClient(broker.uri(), id, new MemoryPersistence());
    client.connect(PahoClient.options(true)).waitForCompletion(5000);
    return client;
  }

  private static void close(MqttAsyncClient client) throws Exception {
    if (client.isConnected()) {
      client.disconnectForcibly(0, 1000);
    }
    client.close(true);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void fullDiskRefusesPersistentPublishesKeepsCleanSessionsAndRecovers() throws Exception {
    RocksPersistence store = RocksPersistence.open(disk.root().resolve("db"), Durability.SYNC,
        Duration.ofMillis(50));
    try (TestBroker broker = TestBroker.start(new AedesOptions().persistence(store))) {
      broker.aedes().ready().toCompletableFuture().get(5, TimeUnit.SECONDS);
      broker.aedes().onClientDisconnect(client -> disconnected.add(client.id()));
      try (PahoClient away = PahoClient.connect(broker, "away", false)) {
        away.subscribe("durable/#", 1);
      }
      await().until(() -> disconnected.contains("away"));
      try (PahoClient sub = PahoClient.connect(broker, "live-sub", true);
           PahoClient cleanPub = PahoClient.connect(broker, "live-pub", true)) {
        sub.subscribe("live/#", 1);
        disk.fillLeavingRoomForDeletesOnly();

        MqttAsyncClient refused = publisher(broker, "refused");
        try {
          IMqttDeliveryToken token = refused.publish("durable/1", bytes("lost"), 1, false);
          await().atMost(Duration.ofSeconds(5)).until(() -> !refused.isConnected());
          assertThat(token.isComplete() && token.getException() == null)
              .as("no PUBACK for a message the full disk could not store").isFalse();
        } finally {
          close(refused);
        }

        cleanPub.publish("live/0", "qos 0", 0);
        cleanPub.publish("live/1", "qos 1", 1); // waits for its PUBACK
        assertThat(sub.next().payload()).isEqualTo("qos 0");
        assertThat(sub.next().payload()).isEqualTo("qos 1");

        disk.freeFiller();
        MqttAsyncClient accepted = publisher(broker, "accepted");
        try {
          IMqttDeliveryToken token = accepted.publish("durable/2", bytes("kept"), 1, false);
          token.waitForCompletion(5000);
          assertThat(token.getException()).as("acknowledged once space is back").isNull();
        } finally {
          close(accepted);
        }
      }
      try (PahoClient back = PahoClient.connect(broker, "away", false)) {
        assertThat(back.next().payload()).as("the refused message was never stored")
            .isEqualTo("kept");
      }
    } finally {
      store.destroy().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }
  }
}
