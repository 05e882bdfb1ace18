package dev.aedes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.aedes.packet.PubackPacket;
import dev.aedes.packet.PublishPacket;
import dev.aedes.packet.Subscription;
import dev.aedes.persistence.rocksdb.Durability;
import dev.aedes.persistence.rocksdb.RocksPersistence;
import dev.aedes.spi.Persistence;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The journal of copies sent, end to end ({@code interval} durability): a publisher's PUBACK
 * leaves once the copy to a connected persistent subscriber is journaled, without waiting for
 * the subscriber's PUBACK or the delayed queue write; after a crash that loses every later write
 * the copies nobody acknowledged are back in the session and re-sent with DUP, and the ones the
 * subscriber acknowledged are not.
 */
class RocksCopyJournalIT {
  /** Far beyond the test: a copy is never written to its queue by the delay. */
  private static final long DELAY = 60_000;

  @TempDir
  Path dir;

  private RocksPersistence open() {
    return RocksPersistence.open(dir, Durability.INTERVAL, Duration.ofMillis(50));
  }

  private static TestBroker start(Persistence store) throws Exception {
    TestBroker broker = TestBroker.start(new AedesOptions().persistence(store)
        .inflightWriteDelay(DELAY));
    broker.aedes().ready().toCompletableFuture().get(5, TimeUnit.SECONDS);
    return broker;
  }

  private static String text(PublishPacket packet) {
    return new String(packet.payload(), StandardCharsets.UTF_8);
  }

  /** Publishes m1..m{count} at QoS 1 to j/{i} and waits for each PUBACK. */
  private static void publish(TestBroker broker, int count) throws Exception {
    try (RawClient pub = RawClient.connected(broker, "journal-pub", true)) {
      for (int i = 1; i <= count; i++) {
        pub.send(new PublishPacket("j/" + i, ("m" + i).getBytes(StandardCharsets.UTF_8), 1, i,
            false));
      }
      for (int i = 1; i <= count; i++) {
        assertThat(pub.expect(PubackPacket.class).messageId()).isEqualTo(i);
      }
    }
  }

  @Test
  void unacknowledgedCopiesComeBackWithDupAfterACrash() throws Exception {
    RocksPersistence store = open();
    assertThat(store.copyJournal()).isNotNull();
    CrashableStore crashing = new CrashableStore(store);
    List<Integer> ids = new ArrayList<>();
    try (TestBroker broker = start(crashing.persistence)) {
      try (RawClient sub = RawClient.connected(broker, "journal-sub", false)) {
        sub.subscribe(1, new Subscription("j/#", 1));
        publish(broker, 3); // acknowledged while the subscriber has acknowledged nothing
        for (int i = 1; i <= 3; i++) {
          PublishPacket copy = sub.expect(PublishPacket.class);
          assertThat(text(copy)).isEqualTo("m" + i);
          ids.add(copy.messageId());
        }
        assertThat(broker.aedes().deferredWrites(false)).as("copies written").isZero();
        assertThat(store.outgoingStream("journal-sub").toCompletableFuture().get())
            .as("nothing in the queue: the copies are in the journal only").isEmpty();
        crashing.crash();
      }
    } finally {
      store.destroy().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }
    RocksPersistence reopened = open();
    try (TestBroker broker = start(reopened)) {
      assertThat(reopened.outgoingStream("journal-sub").toCompletableFuture().get())
          .extracting(PublishPacket::messageId).containsExactlyElementsOf(ids);
      try (RawClient sub = RawClient.connected(broker, "journal-sub", false)) {
        for (int i = 1; i <= 3; i++) {
          PublishPacket again = sub.expect(PublishPacket.class);
          assertThat(text(again)).isEqualTo("m" + i);
          assertThat(again.dup()).isTrue();
          assertThat(again.messageId()).isEqualTo(ids.get(i - 1));
          sub.send(new PubackPacket(again.messageId()));
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> reopened.outgoingStream("journal-sub")
            .toCompletableFuture().join().isEmpty());
      }
    } finally {
      reopened.destroy().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void acknowledgedCopiesAreNotSentAgainAfterARestart() throws Exception {
    RocksPersistence store = open();
    try (TestBroker broker = start(store)) {
      try (RawClient sub = RawClient.connected(broker, "journal-sub", false)) {
        sub.subscribe(1, new Subscription("j/#", 1));
        publish(broker, 3);
        for (int i = 1; i <= 3; i++) {
          sub.send(new PubackPacket(sub.expect(PublishPacket.class).messageId()));
        }
        await().atMost(Duration.ofSeconds(5))
            .until(() -> broker.aedes().deferredWrites(true) == 3);
        assertThat(broker.aedes().deferredWrites(false)).isZero();
      }
    } finally {
      store.destroy().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }
    RocksPersistence reopened = open();
    try (TestBroker broker = start(reopened)) {
      assertThat(reopened.outgoingStream("journal-sub").toCompletableFuture().get()).isEmpty();
      try (RawClient sub = RawClient.connected(broker, "journal-sub", false)) {
        broker.publish("j/after", "after");
        PublishPacket next = sub.expect(PublishPacket.class);
        assertThat(text(next)).as("nothing acknowledged comes again").isEqualTo("after");
      }
    } finally {
      reopened.destroy().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }
  }

  /**
   * Found by CrashRecoveryIT: a released QoS 2 copy queued (no id yet, waiting for the lane)
   * before a QoS 1 copy that went out under its id and was journaled; after a crash the copy put
   * back comes after the unsent entry. The resume takes the stored ids first, so the unsent entry
   * gets another one and both arrive; before, the unsent entry took the copy's id and the copy
   * was skipped as if re-sent.
   */
  @Test
  void aCopyPutBackBehindAnUnsentEntryKeepsItsIdAndBothArrive() throws Exception {
    RocksPersistence store = open();
    try {
      store.outgoingEnqueue("journal-sub", new PublishPacket("j/queued",
          "queued".getBytes(StandardCharsets.UTF_8), 1, 0, false)).toCompletableFuture().get();
      store.copyJournal().record("journal-sub", new PublishPacket("j/sent",
          "sent".getBytes(StandardCharsets.UTF_8), 1, 1, false));
    } finally {
      store.destroy().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }
    RocksPersistence reopened = open();
    try (TestBroker broker = start(reopened)) {
      assertThat(reopened.outgoingStream("journal-sub").toCompletableFuture().get())
          .extracting(PublishPacket::messageId).containsExactly(0, 1);
      try (RawClient sub = RawClient.connected(broker, "journal-sub", false)) {
        PublishPacket first = sub.expect(PublishPacket.class);
        PublishPacket second = sub.expect(PublishPacket.class);
        assertThat(text(first)).isEqualTo("sent");
        assertThat(first.messageId()).isEqualTo(1);
        assertThat(first.dup()).isTrue();
        assertThat(text(second)).isEqualTo("queued");
        assertThat(second.messageId()).isNotEqualTo(1);
        sub.send(new PubackPacket(first.messageId()));
        sub.send(new PubackPacket(second.messageId()));
        await().atMost(Duration.ofSeconds(5)).until(() -> reopened.outgoingStream("journal-sub")
            .toCompletableFuture().join().isEmpty());
      }
    } finally {
      reopened.destroy().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void noneDurabilityJournalsToo() throws Exception {
    RocksPersistence store = RocksPersistence.open(dir, Durability.NONE, Duration.ofMillis(50));
    try {
      assertThat(store.copyJournal().record("journal-sub", new PublishPacket("j/none",
          "none".getBytes(StandardCharsets.UTF_8), 1, 7, false))).isNotNull();
    } finally {
      store.destroy().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }
    RocksPersistence reopened = RocksPersistence.open(dir, Durability.NONE,
        Duration.ofMillis(50));
    try {
      assertThat(reopened.outgoingStream("journal-sub").toCompletableFuture().get())
          .extracting(PublishPacket::messageId).containsExactly(7);
    } finally {
      reopened.destroy().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void syncDurabilityKeepsNoJournal() {
    RocksPersistence store = RocksPersistence.open(dir, Durability.SYNC, Duration.ofMillis(50));
    try {
      assertThat(store.copyJournal()).isNull();
    } finally {
      store.destroy().toCompletableFuture().join();
    }
  }
}
