package dev.aedes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.message.disconnect.Mqtt5DisconnectReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PayloadFormatIndicator;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import dev.aedes.packet.ConnectPacket;
import dev.aedes.packet.Properties;
import dev.aedes.packet.Will;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * MQTT 5 wills (3.1.2.5, 3.1.3.2): Will Delay Interval against session resumption and session
 * end, and the will properties carried onto the will message. The broker's clock is the test's;
 * the test runs the broker's expiry sweep itself, then publishes a marker on the will topic, so
 * "the next message is the marker" proves no will went out.
 */
class WillDelayIT {
  private final TestClock clock = new TestClock();
  private final List<String> disconnected = new CopyOnWriteArrayList<>();

  private TestBroker start() throws InterruptedException {
    TestBroker broker = TestBroker.start(new AedesOptions().clock(clock));
    broker.aedes().onClientDisconnect(client -> disconnected.add(client.id()));
    return broker;
  }

  /** A raw MQTT 5 client with a will (delay in seconds) drops its socket without DISCONNECT. */
  private void dropWithWill(TestBroker broker, String clientId, long willDelay, long expiry)
      throws Exception {
    Will will = new Will("will/" + clientId, "gone".getBytes(StandardCharsets.UTF_8), 1, false,
        Properties.builder().willDelayInterval(willDelay).build());
    try (RawClient client = RawClient.open(broker)) {
      ConnectPacket connect = ConnectPacket.of(5, clientId, true, 0).withWill(will)
          .withProperties(Properties.builder().sessionExpiryInterval(expiry).build());
      assertThat(client.connect(connect).reasonCode()).isZero();
      client.destroy();
    }
    await().until(() -> disconnected.remove(clientId));
  }

  private static void sweep(TestBroker broker) {
    broker.aedes().expire();
  }

  @Test
  @DisplayName("[MQTT-3.1.2-8] the will waits for its Will Delay Interval, then is published")
  void willIsPublishedWhenTheDelayPasses() throws Exception {
    try (TestBroker broker = start();
         HiveClient observer = HiveClient.connect(broker, "observer", true, 0)) {
      observer.subscribe("will/#", 1);
      dropWithWill(broker, "delayed", 30, 300);
      clock.advance(Duration.ofSeconds(29));
      sweep(broker);
      broker.publish("will/delayed", "marker");
      assertThat(HiveClient.payload(observer.next())).as("no will before 30 s").isEqualTo("marker");
      clock.advance(Duration.ofSeconds(2));
      sweep(broker);
      Mqtt5Publish will = observer.next();
      assertThat(HiveClient.payload(will)).isEqualTo("gone");
      assertThat(will.getTopic().toString()).isEqualTo("will/delayed");
    }
  }

  @Test
  @DisplayName("[MQTT-3.1.3-9] a session resumed before the Will Delay Interval passed cancels the will")
  void resumedSessionCancelsTheWill() throws Exception {
    try (TestBroker broker = start();
         HiveClient observer = HiveClient.connect(broker, "observer", true, 0)) {
      observer.subscribe("will/#", 1);
      dropWithWill(broker, "flaky", 30, 300);
      clock.advance(Duration.ofSeconds(10));
      try (HiveClient back = HiveClient.create(broker, "flaky")) {
        assertThat(back.connect(false, 300).isSessionPresent()).isTrue();
        clock.advance(Duration.ofSeconds(60));
        sweep(broker);
        broker.publish("will/flaky", "marker");
        assertThat(HiveClient.payload(observer.next())).as("the will was cancelled").isEqualTo("marker");
      }
    }
  }

  @Test
  @DisplayName("[MQTT-3.1.2-8] the will is published when the session ends before the delay")
  void willIsPublishedWhenTheSessionEndsFirst() throws Exception {
    try (TestBroker broker = start();
         HiveClient observer = HiveClient.connect(broker, "observer", true, 0)) {
      observer.subscribe("will/#", 1);
      dropWithWill(broker, "ending", 300, 10);
      clock.advance(Duration.ofSeconds(11));
      sweep(broker);
      assertThat(HiveClient.payload(observer.next())).isEqualTo("gone");
    }
  }

  @Test
  @DisplayName("[MQTT-3.1.2-8] with Session Expiry Interval 0 the session ends at once, and so "
      + "does the delay")
  void willIsPublishedAtOnceWhenTheSessionEndsWithTheConnection() throws Exception {
    try (TestBroker broker = start();
         HiveClient observer = HiveClient.connect(broker, "observer", true, 0)) {
      observer.subscribe("will/#", 1);
      dropWithWill(broker, "short", 300, 0);
      assertThat(HiveClient.payload(observer.next())).isEqualTo("gone");
    }
  }

  @Test
  @DisplayName("[MQTT-3.1.2-4] Clean Start ends the old session, so its delayed will goes out at once")
  void cleanStartPublishesThePendingWill() throws Exception {
    try (TestBroker broker = start();
         HiveClient observer = HiveClient.connect(broker, "observer", true, 0)) {
      observer.subscribe("will/#", 1);
      dropWithWill(broker, "renewed", 300, 300);
      try (HiveClient fresh = HiveClient.create(broker, "renewed")) {
        assertThat(fresh.connect(true, 300).isSessionPresent()).isFalse();
        assertThat(HiveClient.payload(observer.next())).isEqualTo("gone");
      }
    }
  }

  @Test
  @DisplayName("[MQTT-3.1.3-10] [MQTT-3.14.4-3] DISCONNECT 0x04 publishes the will, with its "
      + "properties (HiveMQ to Paho)")
  void willPropertiesAreCarriedOntoTheWillMessage() throws Exception {
    try (TestBroker broker = start();
         Paho5Client observer = Paho5Client.connect(broker, "observer", true, 0L)) {
      observer.subscribe("will/#", 1);
      HiveClient dying = HiveClient.create(broker, "dying");
      dying.client().connectWith().willPublish().topic("will/dying").payload(new byte[] {1})
          .qos(MqttQos.AT_LEAST_ONCE).messageExpiryInterval(120)
          .payloadFormatIndicator(Mqtt5PayloadFormatIndicator.UNSPECIFIED)
          .contentType("application/x-will").responseTopic("will/answer")
          .correlationData(new byte[] {9, 8}).userProperties().add("u", "1").add("t", "2")
          .add("u", "3").applyUserProperties().applyWillPublish().send();
      dying.client().disconnectWith()
          .reasonCode(Mqtt5DisconnectReasonCode.DISCONNECT_WITH_WILL_MESSAGE).send();
      dying.close();

      MqttMessage will = observer.next().message();
      MqttProperties properties = will.getProperties();
      assertThat(will.getPayload()).containsExactly(1);
      assertThat(properties.getMessageExpiryInterval()).isEqualTo(120L);
      assertThat(properties.getPayloadFormat()).isFalse();
      assertThat(properties.getContentType()).isEqualTo("application/x-will");
      assertThat(properties.getResponseTopic()).isEqualTo("will/answer");
      assertThat(properties.getCorrelationData()).containsExactly(9, 8);
      assertThat(properties.getUserProperties())
          .extracting(UserProperty::getKey, UserProperty::getValue)
          .containsExactly(tuple("u", "1"), tuple("t", "2"), tuple("u", "3"));
      assertThat(properties.getWillDelayInterval()).as("not a PUBLISH property").isNull();
    }
  }

  @Test
  @DisplayName("[MQTT-3.14.4-3] DISCONNECT 0x04 from Paho publishes a will that had a Will Delay "
      + "Interval, without it")
  void pahoDisconnectWithWillPublishesTheDelayedWill() throws Exception {
    try (TestBroker broker = start();
         HiveClient observer = HiveClient.connect(broker, "observer", true, 0)) {
      observer.subscribe("will/#", 1);
      MqttAsyncClient paho = new MqttAsyncClient(broker.uri(), "paho-dying",
          new MemoryPersistence());
      try {
        MqttConnectionOptions options = Paho5Client.options(true, 0L);
        MqttProperties willProperties = new MqttProperties();
        willProperties.setWillDelayInterval(60L);
        willProperties.setContentType("text/plain");
        options.setWill("will/paho", new MqttMessage("bye".getBytes(StandardCharsets.UTF_8)));
        options.setWillMessageProperties(willProperties);
        paho.connect(options).waitForCompletion(5_000);
        paho.disconnect(1_000, null, null, 0x04, new MqttProperties()).waitForCompletion(5_000);
      } finally {
        paho.close();
      }
      // session expiry 0: the session ends with the connection, before the 60 s delay
      Mqtt5Publish will = observer.next();
      assertThat(HiveClient.payload(will)).isEqualTo("bye");
      assertThat(will.getContentType().map(Object::toString)).hasValue("text/plain");
    }
  }
}
