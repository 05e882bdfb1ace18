package dev.aedes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.aedes.memory.MemoryPersistence;
import dev.aedes.packet.ConnectPacket;
import dev.aedes.packet.Properties;
import dev.aedes.packet.PubcompPacket;
import dev.aedes.packet.PublishPacket;
import dev.aedes.packet.PubrecPacket;
import dev.aedes.packet.PubrelPacket;
import dev.aedes.packet.Subscription;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A restart (issue 7) loses none of a persistent session's state: a new broker on the store of
 * the previous one (whose memory is gone, as after a kill) re-sends a PUBREL rather than its
 * PUBLISH, and keeps Subscription Identifiers and the Session Expiry Interval.
 */
class RestartSessionStateIT {
  private final MemoryPersistence store = new MemoryPersistence();
  private final TestClock clock = new TestClock();
  private final List<String> disconnected = new CopyOnWriteArrayList<>();

  private TestBroker start() throws Exception {
    TestBroker broker = TestBroker.start(new AedesOptions().persistence(store).clock(clock));
    broker.aedes().ready().toCompletableFuture().get(5, TimeUnit.SECONDS);
    broker.aedes().onClientDisconnect(client -> disconnected.add(client.id()));
    return broker;
  }

  private static void publish(TestBroker broker, String topic, String payload, int qos)
      throws Exception {
    broker.aedes().publish(new PublishPacket(topic, payload.getBytes(StandardCharsets.UTF_8),
        qos, 0, false)).toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  private static ConnectPacket v5Connect(String clientId, long expiry) {
    return ConnectPacket.of(5, clientId, false, 0)
        .withProperties(Properties.builder().sessionExpiryInterval(expiry).build());
  }

  private static int subscribers(TestBroker broker, String topic) {
    AtomicInteger count = new AtomicInteger();
    broker.aedes().subscriptions.match(topic, (clientId, sub) -> count.incrementAndGet());
    return count.get();
  }

  @Test
  @DisplayName("[MQTT-4.3.3-5] after PUBREC and a restart the broker re-sends PUBREL, never the PUBLISH")
  void pubrelIsResentAfterARestartAndThePublishIsNot() throws Exception {
    int messageId;
    try (TestBroker first = start()) {
      try (RawClient sub = RawClient.connected(first, "q2", false)) {
        sub.subscribe(1, new Subscription("q2/#", 2));
        publish(first, "q2/a", "exactly once", 2);
        PublishPacket received = sub.expect(PublishPacket.class);
        messageId = received.messageId();
        sub.send(new PubrecPacket(messageId));
        assertThat(sub.expect(PubrelPacket.class).messageId()).isEqualTo(messageId);
        // the PUBREL went out after its state was stored; no PUBCOMP before the "crash"
        assertThat(store.outgoingReleased("q2").toCompletableFuture().join())
            .containsExactly(messageId);
        sub.destroy();
      }
      await().until(() -> disconnected.contains("q2"));
    }
    try (TestBroker second = start();
         RawClient back = RawClient.open(second)) {
      assertThat(back.connect(ConnectPacket.of(4, "q2", false, 0)).sessionPresent()).isTrue();
      assertThat(back.expect(PubrelPacket.class).messageId()).isEqualTo(messageId);
      back.send(new PubcompPacket(messageId));
      publish(second, "q2/marker", "after", 1);
      PublishPacket next = back.expect(PublishPacket.class);
      assertThat(next.topic()).as("no second PUBLISH of the released message").isEqualTo("q2/marker");
      await().until(() -> store.outgoingReleased("q2").toCompletableFuture().join().isEmpty());
    }
  }

  @Test
  void subscriptionIdentifiersSurviveARestart() throws Exception {
    try (TestBroker first = start()) {
      try (RawClient sub = RawClient.open(first)) {
        assertThat(sub.connect(v5Connect("ids", 3600)).reasonCode()).isZero();
        SubscriptionIdentifiersIT.subscribe(sub, 1, 5, new Subscription("ids/#", 1));
      }
      await().until(() -> disconnected.contains("ids"));
    }
    try (TestBroker second = start()) {
      publish(second, "ids/1", "queued while away", 1);
      try (RawClient back = RawClient.open(second)) {
        assertThat(back.connect(v5Connect("ids", 3600)).sessionPresent()).isTrue();
        PublishPacket queued = back.expect(PublishPacket.class);
        assertThat(queued.properties().subscriptionIdentifiers()).containsExactly(5);
        back.send(new dev.aedes.packet.PubackPacket(queued.messageId()));
        publish(second, "ids/2", "live", 1);
        assertThat(back.expect(PublishPacket.class).properties().subscriptionIdentifiers())
            .as("the resumed subscription keeps its identifier").containsExactly(5);
      }
    }
  }

  @Test
  @DisplayName("[MQTT-3.1.2-23] a session recovered after a restart still expires")
  void sessionExpirySurvivesARestart() throws Exception {
    try (TestBroker first = start()) {
      try (RawClient sub = RawClient.open(first)) {
        assertThat(sub.connect(v5Connect("mayfly", 10)).reasonCode()).isZero();
        sub.subscribe(1, new Subscription("fly/#", 1));
      }
      await().until(() -> disconnected.contains("mayfly"));
    }
    try (TestBroker second = start()) {
      assertThat(subscribers(second, "fly/a")).as("recovered").isOne();
      clock.advance(Duration.ofSeconds(9));
      second.aedes().expire();
      assertThat(subscribers(second, "fly/a")).as("not expired after 9 s").isOne();
      clock.advance(Duration.ofSeconds(2));
      second.aedes().expire();
      assertThat(subscribers(second, "fly/a")).as("expired after 11 s").isZero();
      await().until(() -> store.allSessionExpiries().toCompletableFuture().join().isEmpty());
    }
  }
}
