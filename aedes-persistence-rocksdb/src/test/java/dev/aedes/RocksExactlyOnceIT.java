package dev.aedes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.aedes.packet.Properties;
import dev.aedes.packet.PubcompPacket;
import dev.aedes.packet.PublishPacket;
import dev.aedes.packet.PubrecPacket;
import dev.aedes.packet.PubrelPacket;
import dev.aedes.packet.Subscription;
import dev.aedes.persistence.rocksdb.Durability;
import dev.aedes.persistence.rocksdb.RocksPersistence;
import dev.aedes.spi.Persistence;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly once across a crash on RocksDB (issue 7): the broker dies right after it released an
 * incoming QoS 2 message, before anything else it writes is kept; the publisher re-sends its
 * PUBREL to the restarted broker, and each persistent subscriber, offline or connected at the
 * release, still gets the message once.
 */
class RocksExactlyOnceIT {
  private static final Set<String> WRITES = Set.of("storeRetained", "addSubscriptions",
      "putSessionExpiry", "removeSubscriptions", "cleanSubscriptions", "outgoingEnqueue",
      "outgoingUpdate", "outgoingClearMessageId", "incomingStorePacket", "incomingDelPacket",
      "putWill", "putWillDue", "delWill", "destroy");

  @TempDir
  Path dir;
  private final List<String> disconnected = new CopyOnWriteArrayList<>();

  /**
   * The broker's view of the store, dying with it: at {@link #crash}, or at the first deletion
   * of a stored QoS 2 PUBLISH written on its own (not inside {@code atomically}, so apart from
   * the copies its release appended), every later write is dropped.
   */
  private static final class DyingStore {
    private final ThreadLocal<Boolean> inAtomically = ThreadLocal.withInitial(() -> false);
    private volatile boolean dead;
    final Persistence persistence;

    DyingStore(Persistence store) {
      persistence = (Persistence) Proxy.newProxyInstance(Persistence.class.getClassLoader(),
          new Class<?>[] {Persistence.class}, (proxy, method, args) -> {
            String name = method.getName();
            if (name.equals("incomingDelPacket") && !inAtomically.get()) {
              dead = true; // the process dies after the appends, before this deletion
            }
            if (dead && WRITES.contains(name)) {
              return CompletableFuture.completedFuture(null);
            }
            boolean outer = name.equals("atomically") && !inAtomically.get();
            inAtomically.set(inAtomically.get() || name.equals("atomically"));
            try {
              return method.invoke(store, args);
            } catch (InvocationTargetException e) {
              throw e.getCause();
            } finally {
              if (outer) {
                inAtomically.set(false);
              }
            }
          });
    }

    void crash() {
      dead = true;
    }
  }

  private TestBroker start(Persistence store) throws Exception {
    TestBroker broker = TestBroker.start(new AedesOptions().persistence(store));
    broker.aedes().ready().toCompletableFuture().get(5, TimeUnit.SECONDS);
    broker.aedes().onClientDisconnect(client -> disconnected.add(client.id()));
    return broker;
  }

  private RocksPersistence open() {
    return RocksPersistence.open(dir, Durability.SYNC, Duration.ofMillis(50));
  }

  private static String text(PublishPacket packet) {
    return new String(packet.payload(), StandardCharsets.UTF_8);
  }

  /** The PUBLISHes of "once" a reconnecting subscriber gets before the marker. */
  private static List<PublishPacket> onceUntilMarker(RawClient subscriber) throws Exception {
    List<PublishPacket> once = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      PublishPacket packet = subscriber.expect(PublishPacket.class);
      if (text(packet).equals("marker")) {
        return once;
      }
      once.add(packet);
    }
    throw new AssertionError("no marker after " + once.size() + " messages");
  }

  @Test
  @DisplayName("[MQTT-4.3.3-10] a PUBREL re-sent after a crash right after the release does not "
      + "deliver the message again to persistent subscribers")
  void pubrelResentAfterACrashDeliversOnce() throws Exception {
    int firstId;
    RocksPersistence store = open();
    DyingStore dying = new DyingStore(store);
    try (TestBroker first = start(dying.persistence)) {
      try (RawClient offline = RawClient.connected(first, "offline", false)) {
        offline.subscribe(1, new Subscription("q2/#", 2));
        offline.destroy();
      }
      await().until(() -> disconnected.contains("offline"));
      try (RawClient connected = RawClient.connected(first, "connected", false);
           RawClient publisher = RawClient.connected(first, "publisher", false)) {
        connected.subscribe(1, new Subscription("q2/#", 2));
        publisher.send(new PublishPacket(false, 2, false, "q2/once", 7,
            "once".getBytes(StandardCharsets.UTF_8), Properties.EMPTY));
        publisher.expect(PubrecPacket.class);
        publisher.send(new PubrelPacket(7));
        assertThat(publisher.expect(PubcompPacket.class).messageId()).isEqualTo(7);
        PublishPacket delivered = connected.expect(PublishPacket.class);
        assertThat(text(delivered)).isEqualTo("once");
        firstId = delivered.messageId();
        dying.crash(); // SIGKILL: nothing written from here on is kept
      }
    } finally {
      store.destroy().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    RocksPersistence reopened = open();
    try (TestBroker second = start(reopened)) {
      try (RawClient publisher = RawClient.connected(second, "publisher", false)) {
        publisher.send(new PubrelPacket(7)); // it never saw the PUBCOMP ([MQTT-4.4.0-1])
        assertThat(publisher.expect(PubcompPacket.class).messageId()).isEqualTo(7);
      }
      second.aedes().publish(new PublishPacket(false, 2, false, "q2/marker", 0,
          "marker".getBytes(StandardCharsets.UTF_8), Properties.EMPTY))
          .toCompletableFuture().get(5, TimeUnit.SECONDS);
      try (RawClient offline = RawClient.connected(second, "offline", false);
           RawClient connected = RawClient.connected(second, "connected", false)) {
        assertThat(onceUntilMarker(offline)).as("the offline subscriber's copies").hasSize(1);
        Set<Integer> ids = new HashSet<>(List.of(firstId));
        List<PublishPacket> again = onceUntilMarker(connected);
        again.forEach(packet -> ids.add(packet.messageId()));
        assertThat(again).as("re-sent, unacknowledged").allMatch(PublishPacket::dup);
        assertThat(ids).as("the connected subscriber's deliveries (by message id)")
            .containsExactly(firstId);
      }
    } finally {
      reopened.destroy().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }
  }

  /** Publishes a QoS 2 message through PUBLISH, PUBREC, PUBREL, PUBCOMP. */
  private static void publishQos2(RawClient publisher, String payload, int messageId)
      throws Exception {
    publisher.send(new PublishPacket(false, 2, false, "q2/" + payload, messageId,
        payload.getBytes(StandardCharsets.UTF_8), Properties.EMPTY));
    publisher.expect(PubrecPacket.class);
    publisher.send(new PubrelPacket(messageId));
    assertThat(publisher.expect(PubcompPacket.class).messageId()).isEqualTo(messageId);
  }

  /** Receives a QoS 2 message and completes its flow; returns its payload. */
  private static String receiveQos2(RawClient subscriber) throws Exception {
    PublishPacket packet = subscriber.expect(PublishPacket.class);
    subscriber.send(new PubrecPacket(packet.messageId()));
    assertThat(subscriber.expect(PubrelPacket.class).messageId()).isEqualTo(packet.messageId());
    subscriber.send(new PubcompPacket(packet.messageId()));
    return text(packet);
  }

  @Test
  @DisplayName("released messages for a connected persistent session, sent at once or after "
      + "waiting for an in-flight slot, leave nothing queued once acknowledged")
  void releasedMessagesToAConnectedSessionAreSentFromTheQueue() throws Exception {
    RocksPersistence store = open();
    try (TestBroker broker = TestBroker.start(
        new AedesOptions().persistence(store).maxInflight(1));
         RawClient subscriber = RawClient.connected(broker, "sub", false);
         RawClient publisher = RawClient.connected(broker, "pub", false)) {
      subscriber.subscribe(1, new Subscription("q2/#", 2));
      publishQos2(publisher, "first", 1);
      publishQos2(publisher, "second", 2); // waits behind "first"
      assertThat(receiveQos2(subscriber)).isEqualTo("first");
      assertThat(receiveQos2(subscriber)).isEqualTo("second");
      await().until(() -> store.outgoingStream("sub").toCompletableFuture().join().isEmpty()
          && store.outgoingReleased("sub").toCompletableFuture().join().isEmpty());
    } finally {
      store.destroy().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }
  }
}
