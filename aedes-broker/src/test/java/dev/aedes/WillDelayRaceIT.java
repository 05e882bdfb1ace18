package dev.aedes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.aedes.memory.MemoryPersistence;
import dev.aedes.packet.ConnectPacket;
import dev.aedes.packet.DisconnectPacket;
import dev.aedes.packet.Properties;
import dev.aedes.packet.PublishPacket;
import dev.aedes.packet.Will;
import dev.aedes.spi.Persistence;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * A delayed will published at its due time while its client reconnects with a new will: the
 * due will's deletion reaches the store after the new will was stored (held here, as a slow
 * store or the timer thread losing the CPU would delay it), and must not delete the new one.
 * The due time stored beside the will tells the two apart.
 */
class WillDelayRaceIT {
  private final TestClock clock = new TestClock();
  private final List<String> disconnected = new CopyOnWriteArrayList<>();
  /** While set, storing a will's due time fails. */
  private final AtomicBoolean failingDue = new AtomicBoolean();
  /** While set, storing a will's due time waits for {@link #heldDue}, then fails. */
  private final AtomicBoolean holdingDue = new AtomicBoolean();
  private final CompletableFuture<Void> heldDue = new CompletableFuture<>();
  private final CompletableFuture<Void> dueAsked = new CompletableFuture<>();
  private final HeldWillDeletion store = new HeldWillDeletion((method, args) -> {
    if (!method.getName().equals("putWillDue")) {
      return null;
    }
    if (holdingDue.get()) {
      dueAsked.complete(null);
      return heldDue.thenCompose(v -> CompletableFuture.failedFuture(
          new IllegalStateException("disk full")));
    }
    return failingDue.get()
        ? CompletableFuture.failedFuture(new IllegalStateException("disk full")) : null;
  });
  private final MemoryPersistence memory = store.memory;
  private final Persistence persistence = store.persistence;

  private static ConnectPacket connectWithWill(String clientId, String payload, long willDelay) {
    Will will = new Will("will/" + clientId, payload.getBytes(StandardCharsets.UTF_8), 1, false,
        Properties.builder().willDelayInterval(willDelay).build());
    return ConnectPacket.of(5, clientId, false, 0).withWill(will)
        .withProperties(Properties.builder().sessionExpiryInterval(300L).build());
  }

  private static String text(PublishPacket packet) {
    return packet == null ? null : new String(packet.payload(), StandardCharsets.UTF_8);
  }

  private void dropWithDelayedWill(TestBroker broker) throws Exception {
    try (RawClient first = RawClient.open(broker)) {
      assertThat(first.connect(connectWithWill("racer", "gone", 30)).reasonCode()).isZero();
      first.destroy();
    }
    await().until(() -> disconnected.remove("racer"));
  }

  @Test
  void aWillPublishedAtItsDueTimeLeavesTheWillOfTheReconnectedClientStored() throws Exception {
    try (TestBroker broker = TestBroker.start(new AedesOptions().clock(clock)
            .expiryCheckInterval(3_600_000).persistence(persistence));
         HiveClient observer = HiveClient.connect(broker, "observer", true, 0)) {
      broker.aedes().onClientDisconnect(client -> disconnected.add(client.id()));
      observer.subscribe("will/#", 1);
      dropWithDelayedWill(broker);
      store.holding.set(true); // before the clock moves: the broker's own check may run any time
      clock.advance(Duration.ofSeconds(30));
      broker.aedes().expire(); // the will is due: out of WillDelay, its deletion held
      assertThat(store.asked).as("the due will's deletion is asked for").isDone();
      try (RawClient back = RawClient.connected(broker, connectWithWill("racer", "back", 0))) {
        assertThat(text(memory.getWill("racer").toCompletableFuture().join()))
            .as("the reconnected client's will is stored").isEqualTo("back");
        store.held.complete(null); // the due will's deletion reaches the store now
        assertThat(HiveClient.payload(observer.next())).as("the due will goes out")
            .isEqualTo("gone");
        assertThat(text(memory.getWill("racer").toCompletableFuture().join()))
            .as("the deletion of the due will leaves the new one").isEqualTo("back");
        back.send(new DisconnectPacket(0)); // normal: its own will is not published
      }
    }
  }

  @Test
  void aWillWhoseDueTimeWasNotStoredIsStillDeletedWhenPublished() throws Exception {
    try (TestBroker broker = TestBroker.start(new AedesOptions().clock(clock)
            .expiryCheckInterval(3_600_000).persistence(persistence));
         HiveClient observer = HiveClient.connect(broker, "observer", true, 0)) {
      broker.aedes().onClientDisconnect(client -> disconnected.add(client.id()));
      observer.subscribe("will/#", 1);
      failingDue.set(true);
      dropWithDelayedWill(broker);
      assertThat(memory.allWillDues().toCompletableFuture().join()).isEmpty();
      clock.advance(Duration.ofSeconds(30));
      broker.aedes().expire();
      assertThat(HiveClient.payload(observer.next())).isEqualTo("gone");
      assertThat(memory.getWill("racer").toCompletableFuture().join())
          .as("published, so deleted: a restart does not publish it again").isNull();
    }
  }

  @Test
  void aWillWhoseDueTimeFailsToStoreOnlyAfterItIsDueIsStillDeletedWhenPublished()
      throws Exception {
    try (TestBroker broker = TestBroker.start(new AedesOptions().clock(clock)
            .expiryCheckInterval(3_600_000).persistence(persistence));
         HiveClient observer = HiveClient.connect(broker, "observer", true, 0)) {
      observer.subscribe("will/#", 1);
      holdingDue.set(true);
      try (RawClient first = RawClient.open(broker)) {
        assertThat(first.connect(connectWithWill("racer", "gone", 30)).reasonCode()).isZero();
        first.destroy();
      }
      dueAsked.get(5, java.util.concurrent.TimeUnit.SECONDS);
      clock.advance(Duration.ofSeconds(30));
      broker.aedes().expire(); // due while its due time is still being written

      heldDue.complete(null); // and that write fails now

      assertThat(HiveClient.payload(observer.next())).isEqualTo("gone");
      await().untilAsserted(() -> assertThat(memory.getWill("racer").toCompletableFuture()
          .join()).as("published, so deleted: a restart does not publish it again").isNull());
    }
  }
}
