package dev.aedes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import dev.aedes.packet.ConnackPacket;
import dev.aedes.packet.ConnectPacket;
import dev.aedes.packet.DisconnectPacket;
import dev.aedes.packet.Properties;
import dev.aedes.packet.PublishPacket;
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
 * MQTT 5 Session Expiry Interval (3.1.2.11.2) and Clean Start (3.1.2.4), with HiveMQ, Paho and a
 * raw client; the broker's clock is moved by the test, and the expiry sweep run by it.
 */
class SessionExpiryIT {
  private final TestClock clock = new TestClock();
  private final List<String> disconnected = new CopyOnWriteArrayList<>();

  private TestBroker start(AedesOptions options) throws InterruptedException {
    TestBroker broker = TestBroker.start(options.clock(clock));
    broker.aedes().onClientDisconnect(client -> disconnected.add(client.id()));
    return broker;
  }

  private TestBroker start() throws InterruptedException {
    return start(new AedesOptions());
  }

  /** Waits until the broker has finished closing {@code clientId}: its session is then away. */
  private void awaitGone(String clientId) {
    await().until(() -> disconnected.remove(clientId));
  }

  private static void publish(TestBroker broker, String topic, String payload) throws Exception {
    broker.aedes().publish(new PublishPacket(topic, payload.getBytes(StandardCharsets.UTF_8), 1,
        0, false)).toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  private static int subscribers(TestBroker broker, String topic) {
    AtomicInteger count = new AtomicInteger();
    broker.aedes().subscriptions.match(topic, (clientId, sub) -> count.incrementAndGet());
    return count.get();
  }

  /** HiveMQ subscribes with this expiry at QoS 1, then disconnects normally. */
  private void leaveSession(TestBroker broker, String clientId, String filter, long expiry) {
    try (HiveClient client = HiveClient.connect(broker, clientId, true, expiry)) {
      client.subscribe(filter, 1);
    }
    awaitGone(clientId);
  }

  @Test
  @DisplayName("[MQTT-3.1.2-23] [MQTT-3.2.2-3] a session with an expiry outlives its connection (HiveMQ)")
  void sessionWithExpiryIsResumedWithItsQueue() throws Exception {
    try (TestBroker broker = start()) {
      leaveSession(broker, "keeper", "keep/#", 60);
      publish(broker, "keep/a", "while away");
      try (HiveClient back = HiveClient.create(broker, "keeper")) {
        assertThat(back.connect(false, 60).isSessionPresent()).isTrue();
        Mqtt5Publish message = back.next();
        assertThat(message.getTopic().toString()).isEqualTo("keep/a");
        assertThat(new String(message.getPayloadAsBytes(), StandardCharsets.UTF_8))
            .isEqualTo("while away");
      }
    }
  }

  @Test
  @DisplayName("[MQTT-3.1.2-23] [MQTT-3.2.2-3] a session with an expiry outlives its connection (Paho)")
  void sessionWithExpiryIsResumedByPaho() throws Exception {
    try (TestBroker broker = start()) {
      try (Paho5Client first = Paho5Client.connect(broker, "paho-keeper", true, 60L)) {
        first.subscribe("paho/#", 1);
      }
      awaitGone("paho-keeper");
      publish(broker, "paho/a", "queued");
      try (Paho5Client back = Paho5Client.create(broker, "paho-keeper")) {
        assertThat(back.connect(Paho5Client.options(false, 60L)).getSessionPresent()).isTrue();
        assertThat(new String(back.next().message().getPayload(), StandardCharsets.UTF_8))
            .isEqualTo("queued");
      }
    }
  }

  @Test
  @DisplayName("[MQTT-3.1.2-23] without a Session Expiry Interval the session ends with the connection")
  void absentExpiryEndsTheSessionAtDisconnect() throws Exception {
    try (TestBroker broker = start()) {
      try (Paho5Client first = Paho5Client.connect(broker, "brief", false, null)) {
        first.subscribe("brief/#", 1);
      }
      awaitGone("brief");
      assertThat(subscribers(broker, "brief/a")).as("subscription removed").isZero();
      try (Paho5Client back = Paho5Client.create(broker, "brief")) {
        assertThat(back.connect(Paho5Client.options(false, null)).getSessionPresent()).isFalse();
      }
    }
  }

  @Test
  @DisplayName("[MQTT-3.1.2-4] [MQTT-3.2.2-2] Clean Start discards the old session; the new one "
      + "lives by its own expiry")
  void cleanStartDiscardsTheSessionButNotTheExpiry() throws Exception {
    try (TestBroker broker = start()) {
      leaveSession(broker, "restart", "old/#", 60);
      try (HiveClient fresh = HiveClient.create(broker, "restart")) {
        assertThat(fresh.connect(true, 60).isSessionPresent()).isFalse();
        fresh.subscribe("new/#", 1);
      }
      awaitGone("restart");
      publish(broker, "old/x", "from the discarded session");
      publish(broker, "new/x", "from the new session");
      try (HiveClient back = HiveClient.create(broker, "restart")) {
        assertThat(back.connect(false, 60).isSessionPresent()).isTrue();
        assertThat(back.next().getTopic().toString()).isEqualTo("new/x");
      }
    }
  }

  @Test
  @DisplayName("[MQTT-3.1.2-23] an expired session is removed by the timer, queue and subscriptions")
  void expiredSessionIsRemovedByTheTimer() throws Exception {
    try (TestBroker broker = start()) {
      leaveSession(broker, "mayfly", "fly/#", 10);
      publish(broker, "fly/a", "queued before expiry");
      clock.advance(Duration.ofSeconds(9));
      broker.aedes().expire();
      assertThat(subscribers(broker, "fly/a")).as("not expired after 9 s").isOne();
      clock.advance(Duration.ofSeconds(2));
      broker.aedes().expire();
      assertThat(subscribers(broker, "fly/a")).as("expired after 11 s").isZero();
      try (RawClient back = RawClient.open(broker)) {
        ConnackPacket connack = back.connect(v5Connect("mayfly", false, 10));
        assertThat(connack.sessionPresent()).isFalse();
        back.subscribe(1, new Subscription("fly/#", 1));
        publish(broker, "fly/marker", "after expiry");
        assertThat(back.expect(PublishPacket.class).topic()).as("the queue went with the session")
            .isEqualTo("fly/marker");
      }
    }
  }

  @Test
  @DisplayName("[MQTT-3.2.2-3] a session found expired at connect is not resumed")
  void expiredSessionIsNotResumedEvenBeforeTheTimerRuns() throws Exception {
    try (TestBroker broker = start(new AedesOptions().expiryCheckInterval(3_600_000))) {
      leaveSession(broker, "late", "late/#", 10);
      publish(broker, "late/a", "stale");
      clock.advance(Duration.ofSeconds(11));
      try (HiveClient back = HiveClient.create(broker, "late")) {
        assertThat(back.connect(false, 10).isSessionPresent()).isFalse();
      }
      assertThat(subscribers(broker, "late/a")).isZero();
    }
  }

  @Test
  @DisplayName("[MQTT-3.1.2-23] a DISCONNECT with Session Expiry Interval 0 ends the session")
  void disconnectCanEndTheSession() throws Exception {
    try (TestBroker broker = start()) {
      try (HiveClient client = HiveClient.connect(broker, "shorten", true, 3600)) {
        client.subscribe("short/#", 1);
        client.client().disconnectWith().sessionExpiryInterval(0).send();
      }
      awaitGone("shorten");
      assertThat(subscribers(broker, "short/a")).isZero();
      try (HiveClient back = HiveClient.create(broker, "shorten")) {
        assertThat(back.connect(false, 3600).isSessionPresent()).isFalse();
      }
    }
  }

  @Test
  @DisplayName("[MQTT-3.1.2-23] a DISCONNECT may lengthen a non-zero Session Expiry Interval")
  void disconnectCanLengthenTheSession() throws Exception {
    try (TestBroker broker = start()) {
      try (HiveClient client = HiveClient.connect(broker, "lengthen", true, 10)) {
        client.subscribe("long/#", 1);
        client.client().disconnectWith().sessionExpiryInterval(3600).send();
      }
      awaitGone("lengthen");
      clock.advance(Duration.ofSeconds(60));
      broker.aedes().expire();
      try (HiveClient back = HiveClient.create(broker, "lengthen")) {
        assertThat(back.connect(false, 10).isSessionPresent()).isTrue();
      }
    }
  }

  @Test
  @DisplayName("[MQTT-3.1.2-23] Session Expiry Interval 0xFFFFFFFF never expires")
  void maximumExpiryNeverExpires() throws Exception {
    try (TestBroker broker = start()) {
      leaveSession(broker, "forever", "ever/#", 0xFFFF_FFFFL);
      clock.advance(Duration.ofDays(365 * 200));
      broker.aedes().expire();
      try (HiveClient back = HiveClient.create(broker, "forever")) {
        assertThat(back.connect(false, 0xFFFF_FFFFL).isSessionPresent()).isTrue();
      }
    }
  }

  @Test
  @DisplayName("3.14.2.2.2 raising the Session Expiry Interval from 0 at DISCONNECT is a protocol "
      + "error (0x82)")
  void disconnectCannotRaiseAZeroExpiry() throws Exception {
    try (TestBroker broker = start(); RawClient client = RawClient.open(broker)) {
      assertThat(client.connect(ConnectPacket.of(5, "zero", true, 0)).reasonCode()).isZero();
      client.send(new DisconnectPacket(0,
          Properties.builder().sessionExpiryInterval(30).build()));
      assertThat(client.expect(DisconnectPacket.class).reasonCode()).isEqualTo(0x82);
      client.awaitClosed();
      awaitGone("zero");
      assertThat(client.pending()).isEmpty();
    }
  }

  @Test
  @DisplayName("[MQTT-3.1.2-4] MQTT 3.1.1: a persistent session does not expire with time")
  void persistentSessionOfMqtt311NeverExpires() throws Exception {
    try (TestBroker broker = start()) {
      try (RawClient first = RawClient.connected(broker, "classic", false)) {
        first.subscribe(1, new Subscription("classic/#", 1));
      }
      awaitGone("classic");
      clock.advance(Duration.ofDays(3650));
      broker.aedes().expire();
      try (RawClient back = RawClient.open(broker)) {
        assertThat(back.connect(ConnectPacket.of(4, "classic", false, 0)).sessionPresent())
            .isTrue();
      }
    }
  }

  private static ConnectPacket v5Connect(String clientId, boolean cleanStart, long expiry) {
    return ConnectPacket.of(5, clientId, cleanStart, 0)
        .withProperties(Properties.builder().sessionExpiryInterval(expiry).build());
  }
}
