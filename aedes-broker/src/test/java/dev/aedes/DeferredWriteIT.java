package dev.aedes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.aedes.memory.MemoryPersistence;
import dev.aedes.packet.PubackPacket;
import dev.aedes.packet.PublishPacket;
import dev.aedes.packet.Subscription;
import dev.aedes.spi.Persistence;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.junit.jupiter.api.Test;

/**
 * {@code inflightWriteDelay}: a QoS 1 copy sent to a connected persistent session is written to
 * persistence only if its PUBACK has not come within the delay, and the publisher's PUBACK
 * waits for one or the other (acknowledge after durable). The queue keeps the order of sending.
 */
class DeferredWriteIT {
  /** A memory store counting the queue appends and clears the broker asks for. */
  private static final class CountingStore {
    final MemoryPersistence memory = new MemoryPersistence();
    final AtomicInteger appends = new AtomicInteger();
    final AtomicInteger clears = new AtomicInteger();
    final Persistence persistence = (Persistence) Proxy.newProxyInstance(
        Persistence.class.getClassLoader(), new Class<?>[] {Persistence.class},
        (proxy, method, args) -> {
          if (method.getName().equals("outgoingEnqueue")) {
            appends.incrementAndGet();
          } else if (method.getName().equals("outgoingClearMessageId")) {
            clears.incrementAndGet();
          }
          try {
            return method.invoke(memory, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });

    List<String> queue(String clientId) {
      return memory.outgoingStream(clientId).toCompletableFuture().join().stream()
          .map(p -> p.messageId() + ":" + text(p)).toList();
    }
  }

  private static String text(PublishPacket packet) {
    return new String(packet.payload(), StandardCharsets.UTF_8);
  }

  private static MqttAsyncClient publisher(TestBroker broker) throws Exception {
    return PahoClient.connectAsync(broker, "pub");
  }

  private static void close(MqttAsyncClient client) throws Exception {
    PahoClient.close(client);
  }

  private static IMqttDeliveryToken publish(MqttAsyncClient pub, String text, int qos)
      throws Exception {
    return pub.publish("deferred/" + text, text.getBytes(StandardCharsets.UTF_8), qos, false);
  }

  private static void assertNotAcknowledged(IMqttDeliveryToken... tokens) {
    await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
        .until(() -> java.util.Arrays.stream(tokens).noneMatch(IMqttDeliveryToken::isComplete));
  }

  private static RawClient slowSubscriber(TestBroker broker, int qos) throws Exception {
    RawClient sub = RawClient.connected(broker, "slow", false);
    sub.subscribe(1, new Subscription("deferred/#", qos));
    return sub;
  }

  @Test
  void copiesAcknowledgedWithinTheDelayAreNeitherWrittenNorCleared() throws Exception {
    CountingStore store = new CountingStore();
    try (TestBroker broker = TestBroker.start(new AedesOptions().persistence(store.persistence)
        .inflightWriteDelay(60_000));
         PahoClient sub = PahoClient.connect(broker, "fast", false)) {
      sub.subscribe("deferred/#", 1);
      MqttAsyncClient pub = publisher(broker);
      try {
        for (int i = 0; i < 20; i++) {
          // acknowledged long before the delay: by the subscriber's PUBACK
          publish(pub, "m" + i, 1).waitForCompletion(5000);
          assertThat(sub.next().payload()).isEqualTo("m" + i);
        }
        assertThat(store.appends).hasValue(0);
        assertThat(store.clears).hasValue(0);
        assertThat(store.queue("fast")).isEmpty();
        assertThat(broker.aedes().deferredWrites(true)).isEqualTo(20);
        assertThat(broker.aedes().deferredWrites(false)).isZero();
      } finally {
        close(pub);
      }
    }
  }

  @Test
  void anUnacknowledgedCopyIsWrittenOnceItsDelayPassesAndOnlyThenAcknowledged()
      throws Exception {
    HeldQueueWrites store = new HeldQueueWrites();
    try (TestBroker broker = TestBroker.start(new AedesOptions().persistence(store.persistence)
        .inflightWriteDelay(1_000));
         RawClient sub = slowSubscriber(broker, 1)) {
      MqttAsyncClient pub = publisher(broker);
      try {
        IMqttDeliveryToken token = publish(pub, "late", 1);
        PublishPacket sent = sub.expect(PublishPacket.class);
        // sent, not written: without the delay the write is asked for before the PUBLISH leaves
        assertThat(store.held).isEmpty();
        await().until(() -> store.held.size() == 1); // the delay passed: written
        assertNotAcknowledged(token); // the write is not durable yet

        store.release();

        token.waitForCompletion(5000);
        assertThat(token.getException()).isNull();
        assertThat(store.memory.outgoingStream("slow").toCompletableFuture().join())
            .extracting(PublishPacket::messageId).containsExactly(sent.messageId());
        sub.conn().puback(new PubackPacket(sent.messageId()));
        await().until(() -> store.memory.outgoingStream("slow").toCompletableFuture().join()
            .isEmpty());
      } finally {
        close(pub);
      }
    }
  }

  @Test
  void unwrittenCopiesAreWrittenInTheOrderSentWhenTheConnectionCloses() throws Exception {
    CountingStore store = new CountingStore();
    try (TestBroker broker = TestBroker.start(new AedesOptions().persistence(store.persistence)
        .inflightWriteDelay(60_000))) {
      MqttAsyncClient pub = publisher(broker);
      try {
        List<String> sent = new ArrayList<>();
        List<IMqttDeliveryToken> tokens = new ArrayList<>();
        try (RawClient sub = slowSubscriber(broker, 1)) {
          for (String text : List.of("a", "b", "c")) {
            tokens.add(publish(pub, text, 1));
            PublishPacket packet = sub.expect(PublishPacket.class);
            sent.add(packet.messageId() + ":" + text(packet));
          }
          assertNotAcknowledged(tokens.toArray(IMqttDeliveryToken[]::new));
          assertThat(store.appends).hasValue(0);
        }
        for (IMqttDeliveryToken token : tokens) {
          token.waitForCompletion(5000);
          assertThat(token.getException()).isNull();
        }
        assertThat(store.queue("slow")).containsExactlyElementsOf(sent);

        try (RawClient back = RawClient.connected(broker, "slow", false)) {
          for (String expected : sent) {
            PublishPacket again = back.expect(PublishPacket.class);
            assertThat(again.dup()).isTrue();
            assertThat(again.messageId() + ":" + text(again)).isEqualTo(expected);
          }
        }
      } finally {
        close(pub);
      }
    }
  }

  @Test
  void aMessageWaitingForAnInflightSlotIsQueuedBehindTheUnwrittenCopies() throws Exception {
    CountingStore store = new CountingStore();
    try (TestBroker broker = TestBroker.start(new AedesOptions().persistence(store.persistence)
        .inflightWriteDelay(60_000).maxInflight(2));
         RawClient sub = slowSubscriber(broker, 1)) {
      MqttAsyncClient pub = publisher(broker);
      try {
        IMqttDeliveryToken first = publish(pub, "one", 1);
        IMqttDeliveryToken second = publish(pub, "two", 1);
        int firstId = sub.expect(PublishPacket.class).messageId();
        int secondId = sub.expect(PublishPacket.class).messageId();
        assertNotAcknowledged(first, second);

        IMqttDeliveryToken third = publish(pub, "three", 1);

        // the waiting message's append writes the two copies sent before it, first
        third.waitForCompletion(5000);
        first.waitForCompletion(5000);
        second.waitForCompletion(5000);
        assertThat(store.queue("slow"))
            .containsExactly(firstId + ":one", secondId + ":two", "0:three");
      } finally {
        close(pub);
      }
    }
  }

  /** How a test publishes the QoS 2 message {@code exactly-once}, waiting until it is done. */
  private interface Qos2Publish {
    void publish(TestBroker broker, MqttAsyncClient other) throws Exception;
  }

  /**
   * A QoS 1 copy sent and unwritten, then a QoS 2 message for the same subscriber: the QoS 1
   * copy comes first in the subscriber's queue.
   */
  private static void assertQueuedBehindTheUnwrittenCopy(Qos2Publish qos2) throws Exception {
    CountingStore store = new CountingStore();
    try (TestBroker broker = TestBroker.start(new AedesOptions().persistence(store.persistence)
        .inflightWriteDelay(60_000));
         RawClient sub = slowSubscriber(broker, 2)) {
      MqttAsyncClient pub = publisher(broker);
      MqttAsyncClient other = PahoClient.connectAsync(broker, "pub2");
      try {
        IMqttDeliveryToken once = publish(pub, "at-least-once", 1);
        int firstId = sub.expect(PublishPacket.class).messageId();
        assertNotAcknowledged(once);

        qos2.publish(broker, other);

        once.waitForCompletion(5000);
        int secondId = sub.expect(PublishPacket.class).messageId();
        assertThat(store.queue("slow"))
            .containsExactly(firstId + ":at-least-once", secondId + ":exactly-once");
      } finally {
        close(other);
        close(pub);
      }
    }
  }

  @Test
  void aQos2CopyIsQueuedBehindTheUnwrittenQos1Copies() throws Exception {
    // the broker's own publish: no PUBREL, so its copy is appended by the subscriber's lane
    assertQueuedBehindTheUnwrittenCopy((broker, other) -> broker.aedes().publish(
        new PublishPacket(false, 2, false, "deferred/exactly-once", 0,
            "exactly-once".getBytes(StandardCharsets.UTF_8), dev.aedes.packet.Properties.EMPTY))
        .toCompletableFuture().get(5, java.util.concurrent.TimeUnit.SECONDS));
  }

  @Test
  void aReleasedQos2CopyIsQueuedBehindTheUnwrittenQos1Copies() throws Exception {
    // another publisher's QoS 2 message: the router appends its copy when PUBREL releases it
    assertQueuedBehindTheUnwrittenCopy((broker, other) ->
        publish(other, "exactly-once", 2).waitForCompletion(5000));
  }

  @Test
  void aTakeoverWritesTheUnwrittenCopiesAndTheNewConnectionGetsThemAgain() throws Exception {
    CountingStore store = new CountingStore();
    try (TestBroker broker = TestBroker.start(new AedesOptions().persistence(store.persistence)
        .inflightWriteDelay(60_000));
         RawClient sub = slowSubscriber(broker, 1)) {
      MqttAsyncClient pub = publisher(broker);
      try {
        IMqttDeliveryToken token = publish(pub, "taken", 1);
        int id = sub.expect(PublishPacket.class).messageId();
        assertNotAcknowledged(token);

        try (RawClient next = RawClient.connected(broker, "slow", false)) {
          sub.awaitClosed();
          token.waitForCompletion(5000); // written when the first connection closed
          assertThat(store.queue("slow")).containsExactly(id + ":taken");
          PublishPacket again = next.expect(PublishPacket.class);
          assertThat(again.dup()).isTrue();
          assertThat(again.messageId()).isEqualTo(id);
          next.conn().puback(new PubackPacket(id));
          await().until(() -> store.queue("slow").isEmpty());
        }
      } finally {
        close(pub);
      }
    }
  }

  @Test
  void closingTheBrokerWritesTheUnwrittenCopies() throws Exception {
    CountingStore store = new CountingStore();
    TestBroker broker = TestBroker.start(new AedesOptions().persistence(store.persistence)
        .inflightWriteDelay(60_000));
    boolean closed = false;
    try (RawClient sub = slowSubscriber(broker, 1)) {
      MqttAsyncClient pub = publisher(broker);
      try {
        publish(pub, "kept", 1);
        int id = sub.expect(PublishPacket.class).messageId();
        assertThat(store.appends).hasValue(0);

        closed = true;
        broker.close();

        assertThat(store.queue("slow")).containsExactly(id + ":kept");
      } finally {
        close(pub);
      }
    } finally {
      if (!closed) {
        broker.close();
      }
    }
  }

  @Test
  void aFailedDeferredWriteIsNeverAcknowledged() throws Exception {
    HeldQueueWrites store = new HeldQueueWrites();
    try (TestBroker broker = TestBroker.start(new AedesOptions().persistence(store.persistence)
        .inflightWriteDelay(200));
         RawClient sub = slowSubscriber(broker, 1)) {
      MqttAsyncClient pub = publisher(broker);
      try {
        IMqttDeliveryToken token = publish(pub, "lost", 1);
        sub.expect(PublishPacket.class);
        await().until(() -> store.held.size() == 1);

        store.fail();

        await().until(() -> !pub.isConnected());
        assertThat(token.isComplete() && token.getException() == null)
            .as("no PUBACK for a copy neither acknowledged nor stored").isFalse();
      } finally {
        close(pub);
      }
    }
  }

  @Test
  void aCopyLateNowAndThenIsWrittenAndTheNextCopiesAreStillDeferred() throws Exception {
    CountingStore store = new CountingStore();
    try (TestBroker broker = TestBroker.start(new AedesOptions().persistence(store.persistence)
        .inflightWriteDelay(1_000));
         RawClient sub = slowSubscriber(broker, 1)) {
      MqttAsyncClient pub = publisher(broker);
      try {
        IMqttDeliveryToken late = publish(pub, "late", 1);
        int lateId = sub.expect(PublishPacket.class).messageId();
        late.waitForCompletion(5000); // written once the delay passed
        assertThat(store.appends).hasValue(1);

        // one late copy, as under a burst of load: the next ones are deferred as before
        for (int i = 0; i < 3; i++) {
          IMqttDeliveryToken token = publish(pub, "next" + i, 1);
          sub.conn().puback(new PubackPacket(sub.expect(PublishPacket.class).messageId()));
          token.waitForCompletion(5000);
        }
        assertThat(store.appends).as("no copy after the late one was written").hasValue(1);
        assertThat(broker.aedes().deferredWrites(true)).isEqualTo(3);
        sub.conn().puback(new PubackPacket(lateId));
        await().until(() -> store.queue("slow").isEmpty());
      } finally {
        close(pub);
      }
    }
  }

  /**
   * Publishes {@code count} messages the subscriber leaves unacknowledged and waits until each
   * publisher PUBACK came (their copies written once the delay passed); returns their ids.
   */
  private static List<Integer> publishLate(MqttAsyncClient pub, RawClient sub, String prefix,
      int count) throws Exception {
    List<IMqttDeliveryToken> tokens = new ArrayList<>();
    List<Integer> ids = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      tokens.add(publish(pub, prefix + i, 1));
      ids.add(sub.expect(PublishPacket.class).messageId());
    }
    for (IMqttDeliveryToken token : tokens) {
      token.waitForCompletion(5000);
    }
    return ids;
  }

  /**
   * Publishes messages the subscriber acknowledges at once until one's copy is not written
   * (at most 20); returns the appends counted by then.
   */
  private static int publishAcknowledgedUntilDeferred(MqttAsyncClient pub, RawClient sub,
      CountingStore store) throws Exception {
    int appended = -1;
    for (int i = 0; i < 20 && appended != store.appends.get(); i++) {
      appended = store.appends.get();
      IMqttDeliveryToken token = publish(pub, "fast" + i, 1);
      sub.conn().puback(new PubackPacket(sub.expect(PublishPacket.class).messageId()));
      token.waitForCompletion(5000);
    }
    assertThat(store.appends.get()).as("the last message's copy was not written")
        .isEqualTo(appended);
    return appended;
  }

  @Test
  void aSubscriberWhoseCopiesMostlyWaitOutTheDelayHasItsCopiesWrittenAtOnceUntilItCatchesUp()
      throws Exception {
    CountingStore store = new CountingStore();
    try (TestBroker broker = TestBroker.start(new AedesOptions().persistence(store.persistence)
        .inflightWriteDelay(1_000));
         RawClient sub = slowSubscriber(broker, 1)) {
      MqttAsyncClient pub = publisher(broker);
      try {
        // six late copies in a row take the late score over half (DeferredWrites.lateScore)
        List<Integer> lateIds = publishLate(pub, sub, "late", 6);
        assertThat(store.appends).hasValue(6);
        assertThat(broker.aedes().deferredWrites(false)).isEqualTo(6);

        IMqttDeliveryToken next = publish(pub, "next", 1);
        int nextId = sub.expect(PublishPacket.class).messageId();
        // written at once, not after another delay; the subscriber still has not acknowledged
        await().atMost(Duration.ofMillis(700)).until(() -> store.appends.get() == 7);
        next.waitForCompletion(700);
        assertThat(next.isComplete()).isTrue();
        for (int id : lateIds) {
          sub.conn().puback(new PubackPacket(id));
        }
        sub.conn().puback(new PubackPacket(nextId));

        // acknowledging within the delay now: copies are deferred again after one probe
        int appended = publishAcknowledgedUntilDeferred(pub, sub, store);
        assertThat(appended).as("deferred again after the first fast probe").isLessThanOrEqualTo(9);

        // fast again with a margin: three more late copies do not make it slow at once
        List<Integer> lateAgainIds = publishLate(pub, sub, "again", 3);
        assertThat(store.appends.get()).isEqualTo(appended + 3);
        IMqttDeliveryToken afterThem = publish(pub, "after", 1);
        sub.conn().puback(new PubackPacket(sub.expect(PublishPacket.class).messageId()));
        afterThem.waitForCompletion(5000);
        assertThat(store.appends.get()).as("still deferred").isEqualTo(appended + 3);
        for (int id : lateAgainIds) {
          sub.conn().puback(new PubackPacket(id));
        }
        await().until(() -> store.queue("slow").isEmpty());
      } finally {
        close(pub);
      }
    }
  }

  @Test
  void aSlowSubscriberWhoseProbeIsNeverAcknowledgedIsProbedAgainAfterTheDelay()
      throws Exception {
    CountingStore store = new CountingStore();
    // a delay of 1 s: a probe's round trip on a loaded machine stays well within 3/4 of it
    try (TestBroker broker = TestBroker.start(new AedesOptions().persistence(store.persistence)
        .inflightWriteDelay(1_000));
         RawClient sub = slowSubscriber(broker, 1)) {
      MqttAsyncClient pub = publisher(broker);
      try {
        List<Integer> unacknowledged = new ArrayList<>(publishLate(pub, sub, "late", 6));
        IMqttDeliveryToken probe = publish(pub, "probe", 1); // slow now: written at once
        unacknowledged.add(sub.expect(PublishPacket.class).messageId());
        probe.waitForCompletion(5000);
        // the probe is never acknowledged; nothing else is written while the delay passes
        await().during(Duration.ofMillis(1_100)).atMost(Duration.ofSeconds(5))
            .until(() -> store.appends.get() == 7);

        // the next message probes instead, comes back in time: deferred again
        int appended = publishAcknowledgedUntilDeferred(pub, sub, store);
        assertThat(appended).as("one new probe, then deferred").isEqualTo(8);
        for (int id : unacknowledged) {
          sub.conn().puback(new PubackPacket(id));
        }
        await().until(() -> store.queue("slow").isEmpty());
      } finally {
        close(pub);
      }
    }
  }
}
