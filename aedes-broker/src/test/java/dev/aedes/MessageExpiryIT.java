package dev.aedes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import dev.aedes.packet.ConnectPacket;
import dev.aedes.packet.PubackPacket;
import dev.aedes.packet.PublishPacket;
import dev.aedes.packet.Subscription;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * MQTT 5 Message Expiry Interval (3.3.2.3.3): expired messages are not delivered from the offline
 * queue or the retained store, the rest carry the interval less the time they waited. HiveMQ
 * publishes; HiveMQ, Paho and a raw 3.1.1 client receive. The broker's clock is the test's.
 */
class MessageExpiryIT {
  private final TestClock clock = new TestClock();
  private final List<String> disconnected = new CopyOnWriteArrayList<>();

  private TestBroker start() throws InterruptedException {
    TestBroker broker = TestBroker.start(new AedesOptions().clock(clock));
    broker.aedes().onClientDisconnect(client -> disconnected.add(client.id()));
    return broker;
  }

  private static void publish(HiveClient publisher, String topic, String payload, Long expiry,
      boolean retain) {
    var send = publisher.client().publishWith().topic(topic)
        .payload(payload.getBytes(StandardCharsets.UTF_8)).qos(MqttQos.AT_LEAST_ONCE)
        .retain(retain);
    if (expiry != null) {
      send.messageExpiryInterval(expiry);
    }
    send.send();
  }

  /** A HiveMQ subscriber leaves a session (expiry 1 hour) subscribed to {@code filter}. */
  private void leaveSession(TestBroker broker, String clientId, String filter) {
    try (HiveClient client = HiveClient.connect(broker, clientId, true, 3600)) {
      client.subscribe(filter, 1);
    }
    await().until(() -> disconnected.remove(clientId));
  }

  @Test
  @DisplayName("[MQTT-3.3.2-5] a message that expired in the offline queue is not delivered")
  void expiredQueuedMessageIsNotDelivered() throws Exception {
    try (TestBroker broker = start();
         HiveClient publisher = HiveClient.connect(broker, "pub", true, 0)) {
      leaveSession(broker, "away", "exp/#");
      publish(publisher, "exp/short", "expires", 10L, false);
      clock.advance(Duration.ofSeconds(11));
      try (HiveClient back = HiveClient.create(broker, "away")) {
        assertThat(back.connect(false, 3600).isSessionPresent()).isTrue();
        publish(publisher, "exp/marker", "marker", null, false);
        assertThat(HiveClient.payload(back.next())).isEqualTo("marker");
        await().until(() -> broker.aedes().persistence.outgoingStream("away")
            .toCompletableFuture().join().isEmpty());
      }
    }
  }

  @Test
  @DisplayName("[MQTT-3.3.2-5] an expired message leaves the queue of a session that stays away")
  void expiredQueuedMessageIsRemovedWhileItsSessionStaysAway() throws Exception {
    try (TestBroker broker = TestBroker.start(new AedesOptions().clock(clock)
            .expiryCheckInterval(50));
         HiveClient publisher = HiveClient.connect(broker, "pub", true, 0)) {
      broker.aedes().onClientDisconnect(client -> disconnected.add(client.id()));
      leaveSession(broker, "away", "sweep/#");
      publish(publisher, "sweep/short", "expires", 10L, false);
      publish(publisher, "sweep/long", "stays", 60L, false);
      publish(publisher, "sweep/none", "stays too", null, false);
      await().until(() -> queued(broker, "away").size() == 3);
      clock.advance(Duration.ofSeconds(11));

      // no reconnect: the expiry check removes it from the store
      await().untilAsserted(() -> assertThat(queued(broker, "away"))
          .containsExactly("sweep/long", "sweep/none"));
      assertThat(broker.aedes().expiredMessages()).isEqualTo(1);
      clock.advance(Duration.ofSeconds(50));
      await().untilAsserted(() -> assertThat(queued(broker, "away"))
          .containsExactly("sweep/none"));
      assertThat(broker.aedes().expiredMessages()).isEqualTo(2);
    }
  }

  /**
   * A HiveMQ subscriber with Receive Maximum 1 that acknowledges by hand: the broker holds
   * further messages back while one is unacknowledged.
   */
  private static Mqtt5AsyncClient oneAtATime(TestBroker broker, String clientId,
      List<Mqtt5Publish> received, boolean cleanStart) throws Exception {
    Mqtt5AsyncClient sub = MqttClient.builder().useMqttVersion5().identifier(clientId)
        .serverHost("127.0.0.1").serverPort(broker.port()).buildAsync();
    sub.publishes(MqttGlobalPublishFilter.ALL, received::add, true); // manual acknowledgement
    sub.connectWith().cleanStart(cleanStart).sessionExpiryInterval(cleanStart ? 0 : 3600)
        .restrictions().receiveMaximum(1).applyRestrictions().send().get(5, TimeUnit.SECONDS);
    sub.subscribeWith().topicFilter("wait/#").qos(MqttQos.AT_LEAST_ONCE).send()
        .get(5, TimeUnit.SECONDS);
    return sub;
  }

  @ParameterizedTest(name = "clean start {0}")
  @ValueSource(booleans = {true, false})
  @DisplayName("[MQTT-3.3.2-5] [MQTT-3.3.2-6] a message held back by Receive Maximum ages: sent "
      + "with the interval left, or never once expired")
  void aMessageHeldBackByReceiveMaximumAges(boolean cleanStart) throws Exception {
    try (TestBroker broker = start();
         HiveClient publisher = HiveClient.connect(broker, "pub", true, 0)) {
      List<Mqtt5Publish> received = new CopyOnWriteArrayList<>();
      Mqtt5AsyncClient sub = oneAtATime(broker, "held-" + cleanStart, received, cleanStart);
      try {
        publish(publisher, "wait/first", "holds the slot", null, false);
        await().until(() -> received.size() == 1);
        publish(publisher, "wait/expires", "too late", 10L, false);
        publish(publisher, "wait/ages", "later", 30L, false);
        await().until(() -> broker.aedes().queuedMessages() == 3);
        clock.advance(Duration.ofSeconds(12));

        received.get(0).acknowledge();
        await().until(() -> received.size() == 2);
        Mqtt5Publish aged = received.get(1);
        assertThat(aged.getTopic().toString()).as("the expired one is skipped")
            .isEqualTo("wait/ages");
        assertThat(aged.getMessageExpiryInterval()).hasValue(18L);
        aged.acknowledge();
        await().until(() -> broker.aedes().queuedMessages() == 0);
        if (!cleanStart) {
          // the expired message leaves the session's queue in persistence too (the sweep)
          await().untilAsserted(() -> assertThat(queued(broker, "held-false")).isEmpty());
        }
      } finally {
        sub.disconnect().get(5, TimeUnit.SECONDS);
      }
    }
  }

  private static List<String> queued(TestBroker broker, String clientId) {
    return broker.aedes().persistence.outgoingStream(clientId).toCompletableFuture().join()
        .stream().map(PublishPacket::topic).toList();
  }

  @Test
  @DisplayName("[MQTT-3.3.2-6] a queued message is forwarded with its interval less the time waited "
      + "(Paho)")
  void queuedMessageCarriesTheRemainingInterval() throws Exception {
    try (TestBroker broker = start();
         HiveClient publisher = HiveClient.connect(broker, "pub", true, 0)) {
      try (Paho5Client first = Paho5Client.connect(broker, "paho-away", true, 3600L)) {
        first.subscribe("wait/#", 1);
      }
      await().until(() -> disconnected.remove("paho-away"));
      publish(publisher, "wait/a", "waited", 10L, false);
      clock.advance(Duration.ofSeconds(4));
      try (Paho5Client back = Paho5Client.create(broker, "paho-away")) {
        assertThat(back.connect(Paho5Client.options(false, 3600L)).getSessionPresent()).isTrue();
        Paho5Client.Received got = back.next();
        assertThat(got.topic()).isEqualTo("wait/a");
        assertThat(got.message().getProperties().getMessageExpiryInterval()).isEqualTo(6L);
      }
    }
  }

  @Test
  @DisplayName("[MQTT-3.3.2-6] a message delivered at once keeps its full interval (HiveMQ)")
  void onlineMessageKeepsItsInterval() throws Exception {
    try (TestBroker broker = start();
         HiveClient subscriber = HiveClient.connect(broker, "online", true, 0);
         HiveClient publisher = HiveClient.connect(broker, "pub", true, 0)) {
      subscriber.subscribe("now/#", 1);
      publish(publisher, "now/a", "fresh", 30L, false);
      Mqtt5Publish got = subscriber.next();
      assertThat(got.getMessageExpiryInterval()).hasValue(30);
      publish(publisher, "now/b", "no expiry", null, false);
      assertThat(subscriber.next().getMessageExpiryInterval()).isEmpty();
    }
  }

  @Test
  @DisplayName("[MQTT-3.3.2-5] an expired retained message is not sent to a new subscriber")
  void expiredRetainedMessageIsNotDelivered() throws Exception {
    try (TestBroker broker = start();
         HiveClient publisher = HiveClient.connect(broker, "pub", true, 0)) {
      publish(publisher, "ret/old", "expires", 10L, true);
      publish(publisher, "ret/kept", "stays", null, true);
      clock.advance(Duration.ofSeconds(11));
      try (HiveClient subscriber = HiveClient.connect(broker, "late", true, 0)) {
        subscriber.subscribe("ret/#", 1);
        Mqtt5Publish got = subscriber.next();
        assertThat(got.getTopic().toString()).isEqualTo("ret/kept");
        publish(publisher, "ret/marker", "marker", null, false);
        assertThat(HiveClient.payload(subscriber.next())).isEqualTo("marker");
      }
    }
  }

  @Test
  @DisplayName("[MQTT-3.3.2-6] a retained message carries the interval less the time it was kept "
      + "(Paho)")
  void retainedMessageCarriesTheRemainingInterval() throws Exception {
    try (TestBroker broker = start();
         HiveClient publisher = HiveClient.connect(broker, "pub", true, 0)) {
      publish(publisher, "kept/a", "retained", 10L, true);
      clock.advance(Duration.ofSeconds(3));
      try (Paho5Client subscriber = Paho5Client.connect(broker, "paho-late", true, 0L)) {
        subscriber.subscribe("kept/#", 1);
        Paho5Client.Received got = subscriber.next();
        assertThat(got.message().isRetained()).isTrue();
        assertThat(got.message().getProperties().getMessageExpiryInterval()).isEqualTo(7L);
      }
    }
  }

  @Test
  @DisplayName("[MQTT-3.3.2-5] an MQTT 3.1.1 subscriber's queue drops expired 5.0 messages too")
  void mqtt311QueueDropsExpiredMessages() throws Exception {
    try (TestBroker broker = start();
         HiveClient publisher = HiveClient.connect(broker, "pub", true, 0)) {
      try (RawClient first = RawClient.connected(broker, "classic", false)) {
        first.subscribe(1, new Subscription("mixed/#", 1));
      }
      await().until(() -> disconnected.remove("classic"));
      publish(publisher, "mixed/gone", "expires", 5L, false);
      publish(publisher, "mixed/kept", "lasts", 60L, false);
      clock.advance(Duration.ofSeconds(6));
      try (RawClient back = RawClient.open(broker)) {
        assertThat(back.connect(ConnectPacket.of(4, "classic", false, 0)).sessionPresent())
            .isTrue();
        PublishPacket got = back.expect(PublishPacket.class);
        assertThat(got.topic()).isEqualTo("mixed/kept");
        assertThat(got.properties().isEmpty()).as("no properties at 3.1.1").isTrue();
        back.send(new PubackPacket(got.messageId()));
      }
    }
  }
}
