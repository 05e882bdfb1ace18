package dev.aedes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.aedes.packet.ConnectPacket;
import dev.aedes.packet.PubackPacket;
import dev.aedes.packet.PublishPacket;
import dev.aedes.packet.Subscription;
import dev.aedes.packet.Will;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A will whose subscribers are closing themselves: a persistent session subscribed to its own
 * will topic (a common status pattern), or two clients watching each other's wills. The will's
 * copy for such a session waits until the session has gone on, and the session goes on once the
 * will is on the bus, not once it is stored, so neither waits for the other.
 */
class WillToClosingSessionIT {
  private static RawClient persistentWithWill(TestBroker broker, String clientId,
      String willTopic, String filter) throws Exception {
    Will will = new Will(willTopic, ("gone " + clientId).getBytes(StandardCharsets.UTF_8), 1,
        false);
    RawClient client = RawClient.connected(broker,
        ConnectPacket.of(4, clientId, false, 0).withWill(will));
    client.subscribe(1, new Subscription(filter, 1));
    return client;
  }

  private static List<String> disconnects(TestBroker broker) {
    List<String> disconnected = new CopyOnWriteArrayList<>();
    broker.aedes().onClientDisconnect(client -> disconnected.add(client.id()));
    return disconnected;
  }

  private static String text(PublishPacket packet) {
    return new String(packet.payload(), StandardCharsets.UTF_8);
  }

  @Test
  void ownWillReachesTheClientsOwnPersistentSession() throws Exception {
    try (TestBroker broker = TestBroker.start()) {
      List<String> disconnected = disconnects(broker);
      try (RawClient device = persistentWithWill(broker, "device", "status/device",
          "status/#")) {
        device.destroy();
        await().until(() -> disconnected.contains("device"));
      }

      try (RawClient again = RawClient.connected(broker, "device", false)) {
        PublishPacket will = again.expect(PublishPacket.class);
        assertThat(will.topic()).isEqualTo("status/device");
        assertThat(text(will)).isEqualTo("gone device");
        again.conn().puback(new PubackPacket(will.messageId()));
      }
    }
  }

  @Test
  void clientsWatchingEachOthersWillsBothClose() throws Exception {
    TestBroker broker = TestBroker.start();
    try {
      List<String> disconnected = disconnects(broker);
      RawClient left = persistentWithWill(broker, "left", "status/left", "status/right");
      RawClient right = persistentWithWill(broker, "right", "status/right", "status/left");
      left.destroy();
      right.destroy();
      await().until(() -> disconnected.containsAll(List.of("left", "right")));
      left.close();
      right.close();

      try (RawClient leftAgain = RawClient.connected(broker, "left", false)) {
        assertThat(text(leftAgain.expect(PublishPacket.class))).isEqualTo("gone right");
      }
    } finally {
      broker.aedes().close().toCompletableFuture().get(5, TimeUnit.SECONDS); // never hangs
      broker.close();
    }
  }
}
