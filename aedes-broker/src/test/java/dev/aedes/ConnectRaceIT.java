package dev.aedes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.aedes.memory.MemoryPersistence;
import dev.aedes.packet.ConnackPacket;
import dev.aedes.packet.ConnectPacket;
import dev.aedes.packet.DisconnectPacket;
import dev.aedes.packet.Properties;
import dev.aedes.packet.PubackPacket;
import dev.aedes.packet.PublishPacket;
import dev.aedes.packet.ReasonCode;
import dev.aedes.packet.Subscription;
import dev.aedes.packet.Will;
import dev.aedes.spi.Persistence;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * CONNECTs with the same client id arriving on different connections while an earlier one is
 * still between its takeover and its registration ([MQTT-3.1.4-2]): the newest takes over from
 * whichever connection holds or is taking the id, only it stays connected, and the one session
 * moves to it. Each test holds the earlier connection with a hook or a store write that answers
 * when the test says so, so the later CONNECTs come while it waits.
 */
class ConnectRaceIT {
  private static final String ID = "racer";

  @Test
  @DisplayName("[MQTT-3.1.4-2] a CONNECT arriving while an earlier one with the same id restores "
      + "the session closes the earlier one and gets the session")
  void connectDuringAnotherConnectsRestoreTakesOver() throws Exception {
    try (TestBroker broker = TestBroker.start()) {
      Aedes aedes = broker.aedes();
      storeSession(broker);
      CompletableFuture<Void> restoreHeld = new CompletableFuture<>();
      CountDownLatch restoring = holdFirstRestore(aedes, restoreHeld);
      try (RawClient older = RawClient.open(broker);
           RawClient newer = RawClient.open(broker)) {
        try {
          older.send(v5());
          assertThat(restoring.await(5, TimeUnit.SECONDS)).as("older restoring").isTrue();
          newer.send(v5());
          older.awaitClosed(); // taken over before it was accepted: no CONNACK, no DISCONNECT
        } finally {
          restoreHeld.complete(null);
        }
        assertThat(newer.expect(ConnackPacket.class).sessionPresent()).isTrue();
        assertThat(older.pending()).as("older's packets").isEmpty();
        assertThat(aedes.connectedClients()).isEqualTo(1);
        assertDelivered(aedes, newer, "to the newest");
        newer.send(new DisconnectPacket(0));
        await().until(() -> aedes.connectedClients() == 0);
      }
      assertSessionResumes(broker);
    }
  }

  @Test
  @DisplayName("[MQTT-3.1.4-2] of three quick CONNECTs with the same id only the last stays "
      + "connected, with the session")
  void threeQuickConnectsLeaveTheLastWithTheSession() throws Exception {
    try (TestBroker broker = TestBroker.start()) {
      Aedes aedes = broker.aedes();
      storeSession(broker);
      CompletableFuture<Void> restoreHeld = new CompletableFuture<>();
      CountDownLatch restoring = holdFirstRestore(aedes, restoreHeld);
      try (RawClient first = RawClient.open(broker);
           RawClient second = RawClient.open(broker);
           RawClient third = RawClient.open(broker)) {
        try {
          first.send(v5());
          assertThat(restoring.await(5, TimeUnit.SECONDS)).as("first restoring").isTrue();
          second.send(v5());
          first.awaitClosed();
          third.send(v5()); // the second waits for the first to let go of the session
          second.awaitClosed();
        } finally {
          restoreHeld.complete(null);
        }
        assertThat(third.expect(ConnackPacket.class).sessionPresent()).isTrue();
        assertThat(first.pending()).as("first's packets").isEmpty();
        assertThat(second.pending()).as("second's packets").isEmpty();
        assertThat(aedes.connectedClients()).isEqualTo(1);
        assertDelivered(aedes, third, "to the last");
        third.send(new DisconnectPacket(0));
        await().until(() -> aedes.connectedClients() == 0);
      }
      assertSessionResumes(broker);
    }
  }

  @Test
  @DisplayName("[MQTT-3.1.4-2] a CONNECT arriving while an earlier one waits for a connected "
      + "client to close takes over from the waiting one too")
  void connectWhileAnotherWaitsForTheConnectedClientTakesOverFromBoth() throws Exception {
    HeldWillDeletes store = new HeldWillDeletes();
    try (TestBroker broker = TestBroker.start(new AedesOptions().persistence(store.persistence));
         RawClient connected = RawClient.connected(broker, v5().withWill(
             new Will("gone/" + ID, bytes("will"), 0, false)))) {
      Aedes aedes = broker.aedes();
      connected.subscribe(1, new Subscription("race/#", 1));
      try (RawClient waiting = RawClient.open(broker);
           RawClient newest = RawClient.open(broker)) {
        try {
          waiting.send(v5());
          // closed at once, but its close waits for its will's delete
          DisconnectPacket takenOver = connected.expect(DisconnectPacket.class);
          assertThat(takenOver.reasonCode()).isEqualTo(ReasonCode.SESSION_TAKEN_OVER.code());
          connected.awaitClosed();
          newest.send(v5());
          waiting.awaitClosed();
        } finally {
          store.release();
        }
        assertThat(newest.expect(ConnackPacket.class).sessionPresent()).isTrue();
        assertThat(waiting.pending()).as("waiting's packets").isEmpty();
        assertThat(aedes.connectedClients()).isEqualTo(1);
        assertDelivered(aedes, newest, "to the newest");
        newest.send(new DisconnectPacket(0));
        await().until(() -> aedes.connectedClients() == 0);
      }
      assertSessionResumes(broker);
    }
  }

  /** A persistent session subscribed to race/#, its client gone. */
  private static void storeSession(TestBroker broker) throws Exception {
    try (RawClient owner = RawClient.connected(broker, v5())) {
      owner.subscribe(1, new Subscription("race/#", 1));
      owner.send(new DisconnectPacket(0));
      owner.awaitClosed();
    }
    await().until(() -> broker.aedes().connectedClients() == 0);
  }

  /** Holds the first subscription check (a session restore) until {@code release}. */
  private static CountDownLatch holdFirstRestore(Aedes aedes, CompletableFuture<Void> release) {
    CountDownLatch restoring = new CountDownLatch(1);
    AtomicBoolean first = new AtomicBoolean(true);
    aedes.authorizeSubscribe((client, subscription) -> {
      if (first.compareAndSet(true, false)) {
        restoring.countDown();
        return release.thenApply(v -> subscription);
      }
      return CompletableFuture.completedFuture(subscription);
    });
    return restoring;
  }

  /** A message published to the session's subscription reaches {@code client}. */
  private static void assertDelivered(Aedes aedes, RawClient client, String text)
      throws Exception {
    CompletableFuture<Void> published = aedes.publish(
        new PublishPacket("race/x", bytes(text), 1, 0, false)).toCompletableFuture();
    PublishPacket delivered = client.expect(PublishPacket.class);
    assertThat(new String(delivered.payload(), StandardCharsets.UTF_8)).isEqualTo(text);
    client.conn().puback(new PubackPacket(delivered.messageId()));
    published.get(5, TimeUnit.SECONDS);
  }

  /** A later connection finds the one session, its subscription included. */
  private static void assertSessionResumes(TestBroker broker) throws Exception {
    try (RawClient again = RawClient.connected(broker, v5())) {
      assertThat(again.connack().sessionPresent()).as("session present").isTrue();
      assertDelivered(broker.aedes(), again, "after reconnecting");
    }
  }

  /** MQTT 5 CONNECT for {@link #ID}: resume the session, which lasts an hour. */
  private static ConnectPacket v5() {
    return ConnectPacket.of(5, ID, false, 0)
        .withProperties(Properties.builder().sessionExpiryInterval(3600).build());
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** A {@link MemoryPersistence} whose will deletes complete when the test releases them. */
  private static final class HeldWillDeletes {
    final MemoryPersistence memory = new MemoryPersistence();
    final CompletableFuture<Void> held = new CompletableFuture<>();
    final Persistence persistence = (Persistence) Proxy.newProxyInstance(
        Persistence.class.getClassLoader(), new Class<?>[] {Persistence.class},
        (proxy, method, args) -> {
          if (method.getName().equals("delWill")) {
            return held.thenCompose(v -> memory.delWill((String) args[0]));
          }
          try {
            return method.invoke(memory, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });

    void release() {
      held.complete(null);
    }
  }
}
