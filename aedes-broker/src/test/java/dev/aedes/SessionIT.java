package dev.aedes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.aedes.memory.MemoryPersistence;
import dev.aedes.packet.ConnackPacket;
import dev.aedes.packet.ConnectPacket;
import dev.aedes.packet.Packet;
import dev.aedes.packet.PubackPacket;
import dev.aedes.packet.PublishPacket;
import dev.aedes.packet.PubrecPacket;
import dev.aedes.packet.Subscription;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Clean and persistent sessions (3.1.1 section 3.1.2.4, 4.4). */
class SessionIT {
  /** Waits for the broker to finish closing {@code clientId} (its session is then away). */
  private static void awaitGone(List<String> disconnected, String clientId) {
    await().until(() -> disconnected.contains(clientId));
    disconnected.remove(clientId);
  }

  private static List<String> disconnects(TestBroker broker) {
    List<String> disconnected = new CopyOnWriteArrayList<>();
    broker.aedes().onClientDisconnect(client -> disconnected.add(client.id()));
    return disconnected;
  }

  @Test
  @DisplayName("[MQTT-3.1.2-4] [MQTT-3.2.2-2] QoS 1 messages published while away arrive on reconnect")
  void persistentSessionReceivesQos1MessagesPublishedWhileOffline() throws Exception {
    try (TestBroker broker = TestBroker.start();
         PahoClient publisher = PahoClient.connect(broker, "pub", true)) {
      List<String> disconnected = disconnects(broker);
      try (PahoClient first = PahoClient.connect(broker, "persistent", false)) {
        assertThat(first.sessionPresent()).as("[MQTT-3.2.2-3] no session yet").isFalse();
        first.subscribe("offline/#", 1);
      }
      awaitGone(disconnected, "persistent");
      publisher.publish("offline/a", "one", 1, false);
      publisher.publish("offline/b", "zero", 0, false);
      publisher.publish("offline/c", "two", 2, false);
      try (PahoClient back = PahoClient.connect(broker, "persistent", false)) {
        assertThat(back.sessionPresent()).isTrue();
        PahoClient.Received one = back.next();
        assertThat(one.payload()).isEqualTo("one");
        assertThat(one.qos()).isEqualTo(1);
        PahoClient.Received two = back.next();
        assertThat(two.payload()).as("[MQTT-3.1.2-5] QoS 0 is not queued").isEqualTo("two");
        assertThat(two.qos()).as("downgraded to the subscription's QoS").isEqualTo(1);
        publisher.publish("offline/d", "marker", 1, false);
        assertThat(back.next().payload()).isEqualTo("marker");
      }
    }
  }

  @Test
  @DisplayName("[MQTT-3.1.2-6] a clean session discards the stored session and starts afresh")
  void cleanSessionDiscardsTheStoredSession() throws Exception {
    try (TestBroker broker = TestBroker.start();
         PahoClient publisher = PahoClient.connect(broker, "pub", true)) {
      List<String> disconnected = disconnects(broker);
      try (PahoClient first = PahoClient.connect(broker, "fickle", false)) {
        first.subscribe("discard/#", 1);
      }
      awaitGone(disconnected, "fickle");
      publisher.publish("discard/a", "queued", 1, false);
      try (PahoClient clean = PahoClient.connect(broker, "fickle", true)) {
        assertThat(clean.sessionPresent()).as("[MQTT-3.2.2-1]").isFalse();
        clean.subscribe("marker", 1);
        publisher.publish("discard/a", "not subscribed any more", 1, false);
        publisher.publish("marker", "marker", 1, false);
        assertThat(clean.next().payload()).as("neither the queue nor the subscription survived")
            .isEqualTo("marker");
      }
      awaitGone(disconnected, "fickle");
      try (PahoClient again = PahoClient.connect(broker, "fickle", false)) {
        assertThat(again.sessionPresent()).as("[MQTT-3.1.2-6] the clean session left nothing")
            .isFalse();
      }
    }
  }

  @Test
  @DisplayName("[MQTT-4.4.0-1] an unacknowledged QoS 1 message is re-sent with DUP on reconnect")
  void unacknowledgedQos1MessageIsResentWithDupOnReconnect() throws Exception {
    try (TestBroker broker = TestBroker.start();
         PahoClient publisher = PahoClient.connect(broker, "pub", true)) {
      List<String> disconnected = disconnects(broker);
      List<Packet> acks = new CopyOnWriteArrayList<>();
      broker.aedes().onAck((ack, client) -> acks.add(ack));
      PublishPacket original;
      try (RawClient first = RawClient.connected(broker, "forgetful", false)) {
        first.subscribe(1, new Subscription("unacked", 1));
        publisher.publish("unacked", "again please", 1, false);
        original = first.expect(PublishPacket.class);
        assertThat(original.dup()).isFalse();
        first.destroy(); // no PUBACK
      }
      awaitGone(disconnected, "forgetful");
      try (RawClient back = RawClient.open(broker)) {
        ConnackPacket connack = back.connect(ConnectPacket.of(4, "forgetful", false, 0));
        assertThat(connack.sessionPresent()).isTrue();
        PublishPacket resent = back.expect(PublishPacket.class);
        assertThat(resent.dup()).isTrue();
        assertThat(resent.messageId()).as("[MQTT-2.3.1-3] same id").isEqualTo(original.messageId());
        assertThat(resent.payload()).isEqualTo(original.payload());
        back.send(new PubackPacket(resent.messageId()));
        await().until(() -> acks.size() == 1);
        back.destroy();
      }
      awaitGone(disconnected, "forgetful");
      try (RawClient third = RawClient.open(broker)) {
        assertThat(third.connect(ConnectPacket.of(4, "forgetful", false, 0)).sessionPresent())
            .isTrue();
        publisher.publish("unacked", "fresh", 1, false);
        PublishPacket fresh = third.expect(PublishPacket.class);
        assertThat(new String(fresh.payload())).as("the acknowledged message is not re-sent")
            .isEqualTo("fresh");
        assertThat(fresh.dup()).isFalse();
      }
    }
  }

  @Test
  @DisplayName("a clean client's unreleased QoS 2 message leaves persistence when it disconnects")
  void cleanClientsUnreleasedQos2MessageIsDiscardedAtClose() throws Exception {
    MemoryPersistence store = new MemoryPersistence();
    try (TestBroker broker = TestBroker.start(new AedesOptions().persistence(store))) {
      List<String> disconnected = disconnects(broker);
      try (RawClient client = RawClient.connected(broker, "q2-clean", true)) {
        client.send(new PublishPacket("q2/t", new byte[] {1}, 2, 7, false));
        client.expect(PubrecPacket.class); // stored until PUBREL, which never comes
        assertThat(store.incomingGetPacket("q2-clean", 7).toCompletableFuture().join())
            .as("held until PUBREL").isNotNull();
      }
      awaitGone(disconnected, "q2-clean");
      await().untilAsserted(() -> assertThat(
          store.incomingGetPacket("q2-clean", 7).toCompletableFuture().join()).isNull());
    }
  }
}
