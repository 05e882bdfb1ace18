package dev.aedes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * {@code maxInflight} and {@code maxQueued}: a subscriber that acknowledges by hand (Paho's
 * manual acks) holds at most maxInflight QoS 1/2 messages; the rest wait in order, and beyond
 * maxQueued new ones are dropped and counted.
 */
class OutboundLimitsIT {
  @Test
  @DisplayName("[MQTT-4.6.0-2] messages beyond maxInflight wait and go out in order as acks free slots")
  void messagesBeyondMaxInflightWaitAndKeepTheirOrder() throws Exception {
    try (TestBroker broker = TestBroker.start(new AedesOptions().maxInflight(2));
         ManualAckClient sub = new ManualAckClient(broker.uri(), "slow");
         ManualAckClient pub = new ManualAckClient(broker.uri(), "pub")) {
      sub.client.subscribe("q/#", 1);
      for (int i = 0; i < 5; i++) {
        pub.publish("q/" + i, 1);
      }
      await().until(() -> broker.aedes().queuedMessages() == 5);
      assertThat(sub.next().getPayload()).asString().isEqualTo("q/0");
      assertThat(sub.next().getPayload()).asString().isEqualTo("q/1");
      assertThat(sub.received).as("nothing beyond two unacknowledged").isEmpty();
      for (int i = 2; i < 5; i++) {
        sub.ackOldest();
        assertThat(sub.next().getPayload()).asString().isEqualTo("q/" + i);
      }
      sub.ackOldest();
      sub.ackOldest();
      await().until(() -> broker.aedes().queuedMessages() == 0);
      assertThat(broker.aedes().droppedMessages()).isZero();
    }
  }

  @Test
  void qos2MessageHoldsItsSlotUntilPubcomp() throws Exception {
    try (TestBroker broker = TestBroker.start(new AedesOptions().maxInflight(1));
         ManualAckClient sub = new ManualAckClient(broker.uri(), "slow2");
         ManualAckClient pub = new ManualAckClient(broker.uri(), "pub2")) {
      sub.client.subscribe("q2/#", 2);
      pub.publish("q2/a", 2);
      pub.publish("q2/b", 2);
      // Paho answers PUBREC by itself; PUBCOMP waits for the manual ack
      assertThat(sub.next().getPayload()).asString().isEqualTo("q2/a");
      await().until(() -> broker.aedes().queuedMessages() == 2);
      assertThat(sub.received).isEmpty();
      sub.ackOldest();
      assertThat(sub.next().getPayload()).asString().isEqualTo("q2/b");
    }
  }

  @Test
  void persistentSessionKeepsQos1MessagesBeyondMaxQueued() throws Exception {
    // the publisher has its PUBACK: a persistent session must not lose the message (issue 7)
    AedesOptions options = new AedesOptions().maxInflight(1).maxQueued(2);
    try (TestBroker broker = TestBroker.start(options);
         ManualAckClient sub = new ManualAckClient(broker.uri(), "keeper", false);
         ManualAckClient pub = new ManualAckClient(broker.uri(), "pub4")) {
      sub.client.subscribe("k/#", 1);
      for (int i = 0; i < 5; i++) {
        pub.publish("k/" + i, 1);
      }
      for (int i = 0; i < 5; i++) {
        assertThat(sub.next().getPayload()).asString().isEqualTo("k/" + i);
        sub.ackOldest();
      }
      assertThat(broker.aedes().overflowedMessages()).isZero();
    }
  }

  @Test
  void beyondMaxQueuedNewMessagesAreDroppedAndCounted() throws Exception {
    AedesOptions options = new AedesOptions().maxInflight(1).maxQueued(2);
    try (TestBroker broker = TestBroker.start(options);
         ManualAckClient sub = new ManualAckClient(broker.uri(), "full");
         ManualAckClient pub = new ManualAckClient(broker.uri(), "pub3")) {
      sub.client.subscribe("f/#", 1);
      for (int i = 0; i < 5; i++) {
        pub.publish("f/" + i, 1); // f/0 in flight, f/1 and f/2 wait, f/3 and f/4 dropped
      }
      pub.publish("f/qos0", 0); // a full queue takes no QoS 0 either
      await().until(() -> broker.aedes().droppedMessages() == 3);
      assertThat(broker.aedes().overflowedMessages()).isEqualTo(2);
      assertThat(sub.next().getPayload()).asString().isEqualTo("f/0");
      sub.ackOldest();
      assertThat(sub.next().getPayload()).asString().isEqualTo("f/1");
      sub.ackOldest();
      assertThat(sub.next().getPayload()).asString().isEqualTo("f/2");
      sub.ackOldest();
      pub.publish("f/after", 1);
      assertThat(sub.next().getPayload()).as("the dropped ones never come")
          .asString().isEqualTo("f/after");
    }
  }

  @Test
  void persistentSessionKeepsWaitingMessagesAcrossReconnectInOrder() throws Exception {
    try (TestBroker broker = TestBroker.start(new AedesOptions().maxInflight(1));
         ManualAckClient pub = new ManualAckClient(broker.uri(), "pub4")) {
      try (ManualAckClient sub = new ManualAckClient(broker.uri(), "away", false)) {
        sub.client.subscribe("p/#", 1);
        for (int i = 0; i < 3; i++) {
          pub.publish("p/" + i, 1); // p/0 in flight, p/1 and p/2 wait in the session
        }
        assertThat(sub.next().getPayload()).asString().isEqualTo("p/0");
        await().until(() -> broker.aedes().queuedMessages() == 3);
      }
      await().until(() -> broker.aedes().connectedClients() == 1);
      pub.publish("p/3", 1); // queued in persistence while away
      try (ManualAckClient sub = new ManualAckClient(broker.uri(), "away", false)) {
        // [MQTT-4.4.0-1] p/0 again (DUP), then the waiting ones, then the one queued away
        for (int i = 0; i < 4; i++) {
          assertThat(sub.next().getPayload()).asString().isEqualTo("p/" + i);
          assertThat(sub.received).isEmpty();
          sub.ackOldest();
        }
        await().until(() -> broker.aedes().queuedMessages() == 0);
      }
    }
  }

  /** Paho mqttv3 with manual acks: received messages queue up until {@link #ackOldest}. */
  private static final class ManualAckClient implements AutoCloseable {
    final MqttClient client;
    final BlockingQueue<MqttMessage> received = new LinkedBlockingQueue<>();
    private final BlockingQueue<MqttMessage> unacked = new LinkedBlockingQueue<>();

    ManualAckClient(String uri, String clientId) throws MqttException {
      this(uri, clientId, true);
    }

    ManualAckClient(String uri, String clientId, boolean cleanSession) throws MqttException {
      client = new MqttClient(uri, clientId, new MemoryPersistence());
      client.setManualAcks(true);
      client.setCallback(new org.eclipse.paho.client.mqttv3.MqttCallback() {
        @Override
        public void connectionLost(Throwable cause) {
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
          unacked.add(message);
          received.add(message);
        }

        @Override
        public void deliveryComplete(org.eclipse.paho.client.mqttv3.IMqttDeliveryToken token) {
        }
      });
      MqttConnectOptions options = new MqttConnectOptions();
      options.setCleanSession(cleanSession);
      options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
      client.connect(options);
    }

    void publish(String topic, int qos) throws MqttException {
      client.publish(topic, topic.getBytes(StandardCharsets.UTF_8), qos, false);
    }

    MqttMessage next() throws InterruptedException {
      MqttMessage message = received.poll(5, TimeUnit.SECONDS);
      assertThat(message).as("a message within 5 s").isNotNull();
      return message;
    }

    void ackOldest() throws MqttException {
      MqttMessage message = unacked.poll();
      assertThat(message).as("a message to acknowledge").isNotNull();
      client.messageArrivedComplete(message.getId(), message.getQos());
    }

    @Override
    public void close() throws MqttException {
      if (client.isConnected()) {
        client.disconnect(1000);
      }
      client.close(true);
    }
  }
}
