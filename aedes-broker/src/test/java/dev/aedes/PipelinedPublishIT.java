package dev.aedes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.aedes.packet.Packet;
import dev.aedes.packet.PubackPacket;
import dev.aedes.packet.PublishPacket;
import dev.aedes.packet.SubackPacket;
import dev.aedes.packet.SubscribePacket;
import dev.aedes.packet.Subscription;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * A client's QoS 1 PUBLISHes are routed one after another without waiting for the previous
 * one's store write (so a persistent session's publisher is not held to one store turn per
 * message), while their PUBACKs still go out in PUBLISH order ([MQTT-4.6.0-2]) and only once
 * stored; other packets than QoS 0/1 PUBLISH and acknowledgements wait for those PUBACKs.
 */
class PipelinedPublishIT {
  private static TestBroker brokerWithOfflineSession(HeldQueueWrites store) throws Exception {
    TestBroker broker = TestBroker.start(new AedesOptions().persistence(store.persistence));
    try (RawClient away = RawClient.connected(broker, "away", false)) {
      away.subscribe(1, new Subscription("p/#", 1));
    }
    await().until(() -> broker.aedes().connectedClients() == 0);
    return broker;
  }

  private static PublishPacket qos1(int messageId) {
    return new PublishPacket("p/" + messageId, ("m" + messageId).getBytes(), 1, messageId, false);
  }

  /** Sends QoS 1 PUBLISHes with these ids and waits until the store holds a write for each. */
  private static void publishHeld(RawClient pub, HeldQueueWrites store, int... ids) {
    for (int id : ids) {
      pub.send(qos1(id));
    }
    await().until(() -> store.held.size() == ids.length);
  }

  private static void expectNothingFor(RawClient client, long millis) throws Exception {
    assertThat(client.poll(millis)).as("nothing sent yet").isNull();
  }

  @Test
  void nextPublishIsRoutedWhileThePreviousIsStillBeingStored() throws Exception {
    HeldQueueWrites store = new HeldQueueWrites();
    try (TestBroker broker = brokerWithOfflineSession(store);
        RawClient pub = RawClient.connected(broker, "pub", true)) {
      // both writes are held at once: the second did not wait for the first to be stored
      publishHeld(pub, store, 1, 2);
      expectNothingFor(pub, 200);
    }
  }

  @Test
  void pubacksFollowPublishOrderWhenStoresFinishOutOfOrder() throws Exception {
    HeldQueueWrites store = new HeldQueueWrites();
    try (TestBroker broker = brokerWithOfflineSession(store);
        RawClient pub = RawClient.connected(broker, "pub", true)) {
      publishHeld(pub, store, 1, 2);

      store.held.get(1).complete(null);
      expectNothingFor(pub, 300); // the second is stored, but the first is not answered yet

      store.held.get(0).complete(null);
      assertThat(pub.expect(PubackPacket.class).messageId()).isEqualTo(1);
      assertThat(pub.expect(PubackPacket.class).messageId()).isEqualTo(2);
    }
  }

  @Test
  void subscribeWaitsForTheEarlierPubacks() throws Exception {
    HeldQueueWrites store = new HeldQueueWrites();
    try (TestBroker broker = brokerWithOfflineSession(store);
        RawClient pub = RawClient.connected(broker, "pub", true)) {
      publishHeld(pub, store, 1);
      pub.send(new SubscribePacket(7, List.of(new Subscription("other", 0))));
      expectNothingFor(pub, 300);

      store.release();

      assertThat(pub.expect(PubackPacket.class).messageId()).isEqualTo(1);
      assertThat(pub.expect(SubackPacket.class).messageId()).isEqualTo(7);
    }
  }

  @Test
  void ownDeliveryIsAcknowledgedWhileItsPublishIsStored() throws Exception {
    HeldQueueWrites store = new HeldQueueWrites();
    try (TestBroker broker = TestBroker.start(new AedesOptions().persistence(store.persistence));
        RawClient self = RawClient.connected(broker, "self", false)) {
      List<Packet> acked = new CopyOnWriteArrayList<>();
      broker.aedes().onAck((packet, client) -> acked.add(packet));
      self.subscribe(1, new Subscription("p/#", 1));
      self.send(qos1(5));
      await().until(() -> store.held.size() == 1);
      // a QoS 1 copy to a connected session goes out at once; the publisher's PUBACK waits
      PublishPacket delivery = self.expect(PublishPacket.class);

      self.conn().puback(new PubackPacket(delivery.messageId()));

      // handled at once, not behind the PUBLISH whose store write is still held
      await().until(() -> acked.size() == 1);
      expectNothingFor(self, 200);
      store.release();
      assertThat(self.expect(PubackPacket.class).messageId()).isEqualTo(5);
    }
  }

  @Test
  void atMostMaxPipelinedWaitForTheirPuback() throws Exception {
    HeldQueueWrites store = new HeldQueueWrites();
    int count = InboundQueue.MAX_PIPELINED + 8;
    try (TestBroker broker = brokerWithOfflineSession(store);
        RawClient pub = RawClient.connected(broker, "pub", true)) {
      for (int id = 1; id <= count; id++) {
        pub.send(qos1(id));
      }
      await().until(() -> store.held.size() == InboundQueue.MAX_PIPELINED);
      await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
          .until(() -> store.held.size() == InboundQueue.MAX_PIPELINED);

      store.release();
      await().until(() -> store.held.size() == count);
      store.release();

      List<Integer> answered = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        answered.add(pub.expect(PubackPacket.class).messageId());
      }
      List<Integer> expected = new ArrayList<>();
      for (int id = 1; id <= count; id++) {
        expected.add(id);
      }
      assertThat(answered).isEqualTo(expected);
    }
  }

  @Test
  void aRefusalBehindAWaitingPubackClosesBeforeLaterPublishesAreRouted() throws Exception {
    HeldQueueWrites store = new HeldQueueWrites();
    try (TestBroker broker = brokerWithOfflineSession(store);
        RawClient pub = RawClient.connected(broker, "pub", true)) {
      broker.aedes().authorizePublish((c, p) -> p.topic().equals("p/2")
          ? CompletableFuture.failedFuture(new SecurityException("no"))
          : CompletableFuture.completedFuture(p));
      publishHeld(pub, store, 1);

      pub.send(qos1(2)); // refused: MQTT 3.1.1 closes the connection ([MQTT-3.3.5-2])
      pub.send(qos1(3));

      pub.awaitClosed();
      store.release();
      assertThat(store.held).as("the message after the refusal was not routed").hasSize(1);
      assertThat(pub.pending()).as("no PUBACK").isEmpty();
    }
  }

  @Test
  void aFailedStoreClosesTheConnectionWithoutAnsweringLaterPublishes() throws Exception {
    HeldQueueWrites store = new HeldQueueWrites();
    try (TestBroker broker = brokerWithOfflineSession(store);
        RawClient pub = RawClient.connected(broker, "pub", true)) {
      publishHeld(pub, store, 1, 2);

      store.held.get(1).complete(null);
      store.held.get(0).completeExceptionally(new IllegalStateException("disk full"));

      pub.awaitClosed();
      assertThat(pub.pending()).as("no PUBACK for either").isEmpty();
    }
  }
}
