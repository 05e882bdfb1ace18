package dev.aedes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.aedes.memory.MemoryPersistence;
import dev.aedes.packet.ConnackPacket;
import dev.aedes.packet.ConnectPacket;
import dev.aedes.packet.Properties;
import dev.aedes.packet.PublishPacket;
import dev.aedes.packet.Subscription;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A message routed to a connection that closes before its lane takes the message, because a
 * new connection with the same client id takes the session over: it goes where the session is
 * now. Each test holds the old connection's lane (its event loop; TestBroker's two loops put
 * the two connections on different ones) so that the close, then the new connection's whole
 * CONNECT and session resume, come between the routing and the old lane's delivery.
 */
class TakeoverRaceIT {
  private static final String ID = "heir";

  @Test
  @DisplayName("[MQTT-3.1.2-5] a QoS 1 message routed to the old connection during a takeover "
      + "reaches the new one without another reconnect")
  void messageRoutedDuringTakeoverReachesTheNewConnection() throws Exception {
    try (TestBroker broker = TestBroker.start();
         Race race = new Race(broker.aedes());
         RawClient first = RawClient.connected(broker, ID, false)) {
      first.subscribe(1, new Subscription("heir/#", 1));
      try (RawClient second = RawClient.open(broker)) {
        CompletableFuture<Void> published = race.routeDuringTakeover(
            () -> second.send(ConnectPacket.of(4, ID, false, 0)));
        assertThat(second.expect(ConnackPacket.class).sessionPresent()).isTrue();
        race.awaitNewConnectionReady();
        PublishPacket delivered = second.expect(PublishPacket.class);
        assertThat(delivered.topic()).isEqualTo("heir/x");
        assertThat(new String(delivered.payload(), StandardCharsets.UTF_8)).isEqualTo("late");
        assertThat(delivered.qos()).isEqualTo(1);
        published.get(5, TimeUnit.SECONDS); // stored for the publisher: acknowledged
      }
    }
  }

  @Test
  @DisplayName("[MQTT-3.1.2-4] a message routed to the session a Clean Start discards does not "
      + "reappear in the new session's queue")
  void messageForTheDiscardedSessionDoesNotReappear() throws Exception {
    MemoryPersistence store = new MemoryPersistence();
    try (TestBroker broker = TestBroker.start(new AedesOptions().persistence(store));
         Race race = new Race(broker.aedes());
         RawClient first = RawClient.connected(broker, v5(false))) {
      first.subscribe(1, new Subscription("heir/#", 1));
      try (RawClient second = RawClient.open(broker)) {
        CompletableFuture<Void> published = race.routeDuringTakeover(
            () -> second.send(v5(true)));
        assertThat(second.expect(ConnackPacket.class).sessionPresent()).isFalse();
        race.awaitNewConnectionReady();
        published.get(5, TimeUnit.SECONDS); // the old lane has dealt with the message
        assertThat(store.outgoingStream(ID).toCompletableFuture().get(5, TimeUnit.SECONDS))
            .as("the new session's queue").isEmpty();
        second.destroy();
        await().until(() -> broker.aedes().connectedClients() == 0);
      }
      // the new session resumes: a queued message would come before anything live
      try (RawClient third = RawClient.connected(broker, v5(false))) {
        assertThat(third.connack().sessionPresent()).isTrue();
        third.subscribe(2, new Subscription("heir/marker", 1));
        broker.aedes().publish(new PublishPacket("heir/marker", bytes("marker"), 1, 0, false))
            .toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertThat(third.expect(PublishPacket.class).topic()).isEqualTo("heir/marker");
      }
    }
  }

  @Test
  @DisplayName("[MQTT-3.1.2-5] a message routed while a new connection restores the session, "
      + "before it is registered, is queued for it and delivered")
  void messageRoutedWhileTheSessionIsRestoredReachesTheNewConnection() throws Exception {
    try (TestBroker broker = TestBroker.start()) {
      Aedes aedes = broker.aedes();
      try (RawClient first = RawClient.connected(broker, ID, false)) {
        first.subscribe(1, new Subscription("heir/#", 1));
      }
      await().until(() -> aedes.connectedClients() == 0);
      CompletableFuture<Subscription> restoreHeld = new CompletableFuture<>();
      CountDownLatch restoring = new CountDownLatch(1);
      aedes.authorizeSubscribe((client, subscription) -> {
        restoring.countDown();
        return restoreHeld.thenApply(v -> subscription);
      });
      try (RawClient second = RawClient.open(broker)) {
        second.send(ConnectPacket.of(4, ID, false, 0));
        assertThat(restoring.await(5, TimeUnit.SECONDS)).as("restoring").isTrue();
        // the session left the away sessions; its new connection is not registered yet
        CompletableFuture<Void> published = aedes.publish(
            new PublishPacket("heir/x", bytes("meanwhile"), 1, 0, false)).toCompletableFuture();
        restoreHeld.complete(null);
        assertThat(second.expect(ConnackPacket.class).sessionPresent()).isTrue();
        PublishPacket delivered = second.expect(PublishPacket.class);
        assertThat(new String(delivered.payload(), StandardCharsets.UTF_8))
            .isEqualTo("meanwhile");
        published.get(5, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  @DisplayName("[MQTT 5.0] 4.8.2 a shared subscription's message whose chosen member closes "
      + "before its lane takes it goes to another member")
  void sharedMessageOfAMemberClosedAfterRoutingGoesToAnotherMember() throws Exception {
    AedesOptions options = new AedesOptions().sharedSubscriptionStrategy(
        (share, filter, ids, sequence, packet) -> ids.contains("alpha") ? "alpha" : ids.get(0));
    try (TestBroker broker = TestBroker.start(options)) {
      Aedes aedes = broker.aedes();
      List<Client> clients = new CopyOnWriteArrayList<>();
      aedes.onClient(clients::add);
      try (RawClient alpha = RawClient.connected(broker, ConnectPacket.of(5, "alpha", true, 0));
           RawClient beta = RawClient.connected(broker, ConnectPacket.of(5, "beta", true, 0))) {
        alpha.subscribe(1, new Subscription("$share/g/heir/#", 1));
        beta.subscribe(1, new Subscription("$share/g/heir/#", 1));
        Client chosen = clients.stream().filter(c -> c.id().equals("alpha")).findFirst()
            .orElseThrow();
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try {
          chosen.lane.execute(() -> {
            held.countDown();
            Race.hold(release);
          });
          assertThat(held.await(5, TimeUnit.SECONDS)).isTrue();
          chosen.close(null); // queued on its lane: runs before the message routed next
          CompletableFuture<Void> published = aedes.publish(
              new PublishPacket("heir/x", bytes("shared"), 1, 0, false)).toCompletableFuture();
          release.countDown();
          PublishPacket delivered = beta.expect(PublishPacket.class);
          assertThat(new String(delivered.payload(), StandardCharsets.UTF_8))
              .isEqualTo("shared");
          published.get(5, TimeUnit.SECONDS);
        } finally {
          release.countDown();
        }
      }
    }
  }

  /** MQTT 5 CONNECT for {@link #ID} with Clean Start {@code clean} and a one-hour session. */
  private static ConnectPacket v5(boolean clean) {
    return ConnectPacket.of(5, ID, clean, 0)
        .withProperties(Properties.builder().sessionExpiryInterval(3600).build());
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Orders, on the old connection's lane: the close the takeover asks for, a hold until the new
   * connection is ready, then the delivery of a message routed while the old one was still
   * registered.
   */
  private static final class Race implements AutoCloseable {
    private final Aedes aedes;
    private final List<Client> clients = new CopyOnWriteArrayList<>();
    private final CountDownLatch oldLaneHeld = new CountDownLatch(1);
    private final CountDownLatch releaseClose = new CountDownLatch(1);
    private final CountDownLatch newReady = new CountDownLatch(1);
    private final CountDownLatch closeQueued = new CountDownLatch(1);

    Race(Aedes aedes) {
      this.aedes = aedes;
      aedes.onClient(clients::add);
    }

    /**
     * Holds the old lane, lets {@code connect} start the takeover, publishes once the old
     * connection's close is queued (so it is still registered and gets the message behind the
     * close), then lets the close run; returns the publish's completion.
     */
    CompletableFuture<Void> routeDuringTakeover(Runnable connect) throws Exception {
      await().until(() -> clients.size() == 1);
      Client old = clients.get(0);
      old.lane.execute(() -> {
        oldLaneHeld.countDown();
        hold(releaseClose);
      });
      assertThat(oldLaneHeld.await(5, TimeUnit.SECONDS)).isTrue();
      aedes.onClientReady(client -> {
        if (client != old) {
          newReady.countDown();
        }
      });
      aedes.preConnect((client, packet) -> {
        // after this CONNECT's task, which asks the old connection to close: the hold goes
        // behind that close on the old lane
        client.lane.execute(() -> {
          old.lane.execute(() -> hold(newReady));
          closeQueued.countDown();
        });
        return CompletableFuture.completedFuture(true);
      });
      connect.run();
      assertThat(closeQueued.await(5, TimeUnit.SECONDS)).as("takeover started").isTrue();
      CompletableFuture<Void> published = aedes.publish(
          new PublishPacket("heir/x", bytes("late"), 1, 0, false)).toCompletableFuture();
      assertThat(published).as("held by the old lane").isNotDone();
      releaseClose.countDown();
      return published;
    }

    /** The new connection has resumed its session, which lets the old lane go on. */
    void awaitNewConnectionReady() throws InterruptedException {
      assertThat(newReady.await(5, TimeUnit.SECONDS)).as("new connection ready").isTrue();
    }

    private static void hold(CountDownLatch latch) {
      try {
        latch.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    @Override
    public void close() {
      releaseClose.countDown();
      newReady.countDown();
    }
  }
}
