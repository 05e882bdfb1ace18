package dev.aedes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.aedes.memory.MemoryPersistence;
import dev.aedes.packet.PubackPacket;
import dev.aedes.packet.PublishPacket;
import dev.aedes.packet.Subscription;
import dev.aedes.spi.CopyJournal;
import dev.aedes.spi.Persistence;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A journaled copy whose delayed queue write fails (a full disk): its publisher was acknowledged
 * on the journal record, so the record must still end: with the copy's PUBACK when it comes, or
 * with a write tried again one delay later. Before, the broker forgot such a copy, and its record
 * (with every later segment of the journal) stayed until a restart.
 */
class JournaledWriteFailureIT {
  private static final long DELAY = 500;

  /**
   * A journal in memory whose queue writes fail while {@link #failing}: after writing the entry
   * all the same while {@link #applied} (as a write whose fsync failed).
   */
  private static final class FakeJournal implements CopyJournal {
    final MemoryPersistence memory;
    final AtomicBoolean failing = new AtomicBoolean();
    final AtomicBoolean applied = new AtomicBoolean();
    final AtomicInteger failedWrites = new AtomicInteger();
    final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    final Set<String> written = ConcurrentHashMap.newKeySet();

    FakeJournal(MemoryPersistence memory) {
      this.memory = memory;
    }

    private record Copy(String topic) implements Entry {
    }

    @Override
    public Entry record(String clientId, PublishPacket copy) {
      return new Copy(copy.topic());
    }

    @Override
    public void acknowledged(Entry entry) {
      acknowledged.add(((Copy) entry).topic());
    }

    @Override
    public CompletionStage<Void> enqueue(String clientId, PublishPacket copy, Entry entry) {
      if (failing.get()) {
        if (applied.get()) {
          memory.outgoingEnqueue(clientId, copy).toCompletableFuture().join();
        }
        failedWrites.incrementAndGet();
        return CompletableFuture.failedFuture(new IOException("injected: disk full"));
      }
      return memory.outgoingEnqueue(clientId, copy)
          .thenRun(() -> written.add(((Copy) entry).topic()));
    }
  }

  private static Persistence withJournal(MemoryPersistence memory, FakeJournal journal) {
    return (Persistence) Proxy.newProxyInstance(Persistence.class.getClassLoader(),
        new Class<?>[] {Persistence.class}, (proxy, method, args) -> {
          if (method.getName().equals("copyJournal")) {
            return journal;
          }
          try {
            return method.invoke(memory, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }

  private static PublishPacket publishAcknowledged(RawClient pub, RawClient sub, String topic,
      int messageId) throws Exception {
    pub.send(new PublishPacket(topic, topic.getBytes(StandardCharsets.UTF_8), 1, messageId,
        false));
    assertThat(pub.expect(PubackPacket.class).messageId()).as("acknowledged on its record")
        .isEqualTo(messageId);
    PublishPacket copy = sub.expect(PublishPacket.class);
    assertThat(copy.topic()).isEqualTo(topic);
    return copy;
  }

  private static List<String> queue(MemoryPersistence memory) {
    return memory.outgoingStream("sub").toCompletableFuture().join().stream()
        .map(PublishPacket::topic).toList();
  }

  @Test
  void aCopyWhoseWriteFailedEndsItsRecordWithItsPubackOrAWriteTriedAgain() throws Exception {
    MemoryPersistence memory = new MemoryPersistence();
    FakeJournal journal = new FakeJournal(memory);
    try (TestBroker broker = TestBroker.start(new AedesOptions()
            .persistence(withJournal(memory, journal)).inflightWriteDelay(DELAY));
         RawClient sub = RawClient.connected(broker, "sub", false);
         RawClient pub = RawClient.connected(broker, "pub", true)) {
      sub.subscribe(1, new Subscription("j/#", 1));

      // acknowledged by its subscriber after its write failed (writes still failing, so no
      // retry can write it first), a write that reached the store all the same: the PUBACK
      // ends its record and clears it from the queue
      journal.failing.set(true);
      journal.applied.set(true);
      PublishPacket late = publishAcknowledged(pub, sub, "j/late", 1);
      await().atMost(Duration.ofSeconds(5)).until(() -> journal.failedWrites.get() >= 1);
      assertThat(queue(memory)).contains("j/late");
      sub.send(new PubackPacket(late.messageId()));
      await().atMost(Duration.ofSeconds(5))
          .until(() -> journal.acknowledged.contains("j/late"));
      await().atMost(Duration.ofSeconds(5)).until(() -> queue(memory).isEmpty());
      journal.applied.set(false);
      int failedSoFar = journal.failedWrites.get();

      // never acknowledged: written again one delay later, once writes work again
      journal.failing.set(true);
      publishAcknowledged(pub, sub, "j/never", 2);
      await().atMost(Duration.ofSeconds(5))
          .until(() -> journal.failedWrites.get() > failedSoFar);
      journal.failing.set(false);
      await().atMost(Duration.ofSeconds(5)).until(() -> journal.written.contains("j/never"));
      assertThat(queue(memory)).containsExactly("j/never");
      assertThat(journal.written).as("the acknowledged one is not written")
          .doesNotContain("j/late");
    }
  }
}
