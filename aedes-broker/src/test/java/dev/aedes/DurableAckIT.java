package dev.aedes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.junit.jupiter.api.Test;

/**
 * Acknowledge after durable (issue 7): a QoS 1/2 message for a persistent session, offline or
 * connected, is acknowledged to its publisher only once it is in that session's queue in
 * persistence; clean sessions need no write.
 */
class DurableAckIT {
  private static List<String> disconnects(TestBroker broker) {
    List<String> disconnected = new CopyOnWriteArrayList<>();
    broker.aedes().onClientDisconnect(client -> disconnected.add(client.id()));
    return disconnected;
  }

  private static void goOffline(TestBroker broker, String clientId, String filter, int qos)
      throws Exception {
    List<String> disconnected = disconnects(broker);
    try (PahoClient away = PahoClient.connect(broker, clientId, false)) {
      away.subscribe(filter, qos);
    }
    await().until(() -> disconnected.contains(clientId));
  }

  private static MqttAsyncClient publisher(TestBroker broker) throws Exception {
    return PahoClient.connectAsync(broker, "pub");
  }

  private static void close(MqttAsyncClient client) throws Exception {
    PahoClient.close(client);
  }

  /**
   * Publishes, waits until the store holds {@code heldWrites} writes, and checks that the
   * publisher is not acknowledged while the last of them is held.
   */
  private static IMqttDeliveryToken publishHeld(MqttAsyncClient pub, HeldQueueWrites store,
      int heldWrites, String topic, String text, int qos) throws Exception {
    IMqttDeliveryToken token = pub.publish(topic, bytes(text), qos, false);
    await().until(() -> store.held.size() == heldWrites);
    await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
        .until(() -> !token.isComplete());
    return token;
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void pubackWaitsUntilTheMessageIsInTheOfflineSessionsQueue() throws Exception {
    HeldQueueWrites store = new HeldQueueWrites();
    try (TestBroker broker = TestBroker.start(new AedesOptions().persistence(store.persistence))) {
      goOffline(broker, "away", "durable/#", 1);
      MqttAsyncClient pub = publisher(broker);
      try {
        IMqttDeliveryToken token = publishHeld(pub, store, 1, "durable/1", "kept", 1);

        store.release();

        token.waitForCompletion(5000);
        assertThat(token.getException()).isNull();
        assertThat(store.memory.outgoingStream("away").toCompletableFuture().join())
            .extracting(p -> new String(p.payload(), StandardCharsets.UTF_8))
            .containsExactly("kept");
      } finally {
        close(pub);
      }
    }
  }

  @Test
  void pubcompOfQos2WaitsUntilTheMessageIsInTheOfflineSessionsQueue() throws Exception {
    HeldQueueWrites store = new HeldQueueWrites();
    try (TestBroker broker = TestBroker.start(new AedesOptions().persistence(store.persistence))) {
      goOffline(broker, "away2", "durable/#", 2);
      MqttAsyncClient pub = publisher(broker);
      try {
        IMqttDeliveryToken token = publishHeld(pub, store, 1, "durable/2", "once", 2);

        store.release();

        token.waitForCompletion(5000);
        assertThat(store.memory.outgoingStream("away2").toCompletableFuture().join()).hasSize(1);
      } finally {
        close(pub);
      }
    }
  }

  @Test
  void aFailedQueueWriteIsNeverAcknowledgedAndClosesThePublisher() throws Exception {
    HeldQueueWrites store = new HeldQueueWrites();
    try (TestBroker broker = TestBroker.start(new AedesOptions().persistence(store.persistence))) {
      goOffline(broker, "away3", "durable/#", 1);
      MqttAsyncClient pub = publisher(broker);
      try {
        IMqttDeliveryToken token = pub.publish("durable/3", bytes("lost"), 1, false);
        await().until(() -> store.held.size() == 1);

        store.fail();

        await().until(() -> !pub.isConnected());
        assertThat(token.isComplete() && token.getException() == null)
            .as("no PUBACK for a message that was not stored").isFalse();
      } finally {
        close(pub);
      }
    }
  }

  @Test
  void pubackWaitsForTheWriteOfAConnectedPersistentSubscribersCopy() throws Exception {
    HeldQueueWrites store = new HeldQueueWrites();
    try (TestBroker broker = TestBroker.start(new AedesOptions().persistence(store.persistence));
         PahoClient sub = PahoClient.connect(broker, "online-persistent", false)) {
      sub.subscribe("durable/#", 1);
      MqttAsyncClient pub = publisher(broker);
      try {
        IMqttDeliveryToken token = publishHeld(pub, store, 1, "durable/5", "stored first", 1);

        store.release();

        token.waitForCompletion(5000);
        assertThat(token.getException()).isNull();
        assertThat(sub.next().payload()).isEqualTo("stored first");
      } finally {
        close(pub);
      }
    }
  }

  @Test
  void aMessageWaitingForAnInflightSlotIsStoredBeforeItsPuback() throws Exception {
    HeldQueueWrites store = new HeldQueueWrites();
    try (TestBroker broker = TestBroker.start(new AedesOptions().persistence(store.persistence)
        .maxInflight(1));
         RawClient sub = RawClient.connected(broker, "slow", false)) {
      sub.subscribe(1, new dev.aedes.packet.Subscription("durable/#", 1));
      MqttAsyncClient pub = publisher(broker);
      try {
        IMqttDeliveryToken first = pub.publish("durable/6", bytes("in flight"), 1, false);
        await().until(() -> store.held.size() == 1);
        store.release();
        first.waitForCompletion(5000);
        sub.expect(dev.aedes.packet.PublishPacket.class); // not acknowledged: the slot stays taken

        IMqttDeliveryToken second = publishHeld(pub, store, 2, "durable/7", "waiting", 1);

        store.release();

        second.waitForCompletion(5000);
        assertThat(second.getException()).isNull();
        assertThat(store.memory.outgoingStream("slow").toCompletableFuture().join())
            .extracting(p -> new String(p.payload(), StandardCharsets.UTF_8))
            .containsExactly("in flight", "waiting");
      } finally {
        close(pub);
      }
    }
  }

  @Test
  void messagesToConnectedClientsAreAcknowledgedWithoutAQueueWrite() throws Exception {
    HeldQueueWrites store = new HeldQueueWrites();
    try (TestBroker broker = TestBroker.start(new AedesOptions().persistence(store.persistence));
         PahoClient sub = PahoClient.connect(broker, "online", true)) {
      sub.subscribe("durable/#", 1);
      MqttAsyncClient pub = publisher(broker);
      try {
        pub.publish("durable/4", bytes("direct"), 1, false).waitForCompletion(5000);
        assertThat(sub.next().payload()).isEqualTo("direct");
        assertThat(store.held).isEmpty();
      } finally {
        close(pub);
      }
    }
  }
}
