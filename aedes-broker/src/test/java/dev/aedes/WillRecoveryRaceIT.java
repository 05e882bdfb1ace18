package dev.aedes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aedes.memory.MemoryPersistence;
import dev.aedes.packet.ConnectPacket;
import dev.aedes.packet.DisconnectPacket;
import dev.aedes.packet.Properties;
import dev.aedes.packet.PublishPacket;
import dev.aedes.packet.Will;
import dev.aedes.spi.Persistence;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A will left by a lost connection, read by {@link WillRecovery} (a dead broker's, or this
 * broker's previous run's) while its client reconnects with a new will: the old will's deletion
 * reaches the store after the new will was stored (held here, as a slow store or a thread
 * losing the CPU would delay it). It must neither delete the new will nor publish the old one,
 * which the new connection replaced.
 */
class WillRecoveryRaceIT {
  /** No heartbeat and no periodic check run during a test: each calls the check itself. */
  private static final long HOUR = 3_600_000;
  private final HeldWillDeletion store = new HeldWillDeletion();
  private final MemoryPersistence memory = store.memory;
  private final Persistence persistence = store.persistence;
  private final List<String> published = new CopyOnWriteArrayList<>();

  private static PublishPacket will(String payload) {
    return new PublishPacket(false, 1, false, "will/racer", 0,
        payload.getBytes(StandardCharsets.UTF_8), Properties.EMPTY);
  }

  private static ConnectPacket connectWithWill(String payload) {
    Will will = new Will("will/racer", payload.getBytes(StandardCharsets.UTF_8), 1, false,
        Properties.EMPTY);
    return ConnectPacket.of(4, "racer", false, 0).withWill(will);
  }

  private String storedWill() {
    PublishPacket stored = memory.getWill("racer").toCompletableFuture().join();
    return stored == null ? null : new String(stored.payload(), StandardCharsets.UTF_8);
  }

  private void recordWills(Aedes aedes) {
    aedes.onPublish((packet, client) -> {
      if (packet.topic().startsWith("will/")) {
        published.add(new String(packet.payload(), StandardCharsets.UTF_8));
      }
    });
  }

  @Test
  void theCheckOfDeadBrokersLeavesTheWillOfAClientThatReconnectedMeanwhile() throws Exception {
    memory.putWill("racer", "dead-broker", will("gone")).toCompletableFuture().join();
    try (TestBroker broker = TestBroker.start(new AedesOptions().id("live")
        .heartbeatInterval(HOUR).persistence(persistence))) {
      broker.aedes().ready().toCompletableFuture().get(5, TimeUnit.SECONDS);
      recordWills(broker.aedes());
      store.holding.set(true);
      CompletableFuture<Void> checked = broker.aedes().willRecovery.sweep().toCompletableFuture();
      assertThat(store.asked).as("the dead broker's will is read, its deletion held").isDone();
      try (RawClient back = RawClient.connected(broker, connectWithWill("back"))) {
        assertThat(storedWill()).as("the reconnected client's will is stored").isEqualTo("back");
        store.held.complete(null); // the old will's deletion reaches the store now
        checked.get(5, TimeUnit.SECONDS);
        assertThat(storedWill()).as("the deletion of the old will leaves the new one")
            .isEqualTo("back");
        assertThat(published).as("the replaced will is not published").isEmpty();
        back.send(new DisconnectPacket(0)); // normal: its own will is not published
      }
    }
  }

  @Test
  void recoveringItsOwnWillsAtStartLeavesTheWillOfAClientNowOnAnotherBroker() throws Exception {
    memory.putWill("racer", "restarted", will("gone")).toCompletableFuture().join();
    store.holding.set(true);
    Aedes restarted = new Aedes(new AedesOptions().id("restarted").heartbeatInterval(HOUR)
        .persistence(persistence));
    try (TestBroker other = TestBroker.start(new AedesOptions().id("other")
        .heartbeatInterval(HOUR).persistence(memory))) {
      recordWills(restarted);
      assertThat(store.asked).as("its previous run's will is read, its deletion held")
          .isDone();
      assertThat(restarted.ready()).as("not ready while it recovers").isNotDone();
      try (RawClient back = RawClient.connected(other, connectWithWill("back"))) {
        assertThat(storedWill()).as("the will stored by the other broker").isEqualTo("back");
        store.held.complete(null);
        restarted.ready().toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertThat(storedWill()).as("the deletion of the old will leaves the new one")
            .isEqualTo("back");
        assertThat(memory.streamWill(List.of("other")).toCompletableFuture().join())
            .as("still the other broker's").isEmpty();
        assertThat(published).as("the replaced will is not published").isEmpty();
        back.send(new DisconnectPacket(0));
      }
    } finally {
      restarted.close().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }
}
