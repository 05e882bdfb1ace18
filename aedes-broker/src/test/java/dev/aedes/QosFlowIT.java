package dev.aedes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.aedes.packet.Packet;
import dev.aedes.packet.PubackPacket;
import dev.aedes.packet.PubcompPacket;
import dev.aedes.packet.PublishPacket;
import dev.aedes.packet.PubrecPacket;
import dev.aedes.packet.PubrelPacket;
import dev.aedes.packet.Subscription;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** QoS 0, 1 and 2 from publisher to broker and from broker to subscriber (3.1.1 section 4.3). */
class QosFlowIT {
  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  @DisplayName("[MQTT-3.8.4-6] a message arrives at the lower of its QoS and the granted QoS")
  void messageArrivesAtMinimumOfPublishedAndGrantedQos() throws Exception {
    try (TestBroker broker = TestBroker.start();
         PahoClient at0 = PahoClient.connect(broker, "sub0", true);
         PahoClient at1 = PahoClient.connect(broker, "sub1", true);
         PahoClient at2 = PahoClient.connect(broker, "sub2", true);
         PahoClient publisher = PahoClient.connect(broker, "pub", true)) {
      List<PahoClient> subscribers = List.of(at0, at1, at2);
      for (int granted = 0; granted <= 2; granted++) {
        assertThat(subscribers.get(granted).subscribe("qos/flow", granted)).isEqualTo(granted);
      }
      for (int published = 0; published <= 2; published++) {
        publisher.publish("qos/flow", "at " + published, published, false);
        for (int granted = 0; granted <= 2; granted++) {
          PahoClient.Received message = subscribers.get(granted).next();
          assertThat(message.payload()).isEqualTo("at " + published);
          assertThat(message.qos()).as("published at %d, granted %d", published, granted)
              .isEqualTo(Math.min(published, granted));
        }
      }
    }
  }

  @Test
  @DisplayName("[MQTT-4.3.2-2] a QoS 1 PUBLISH is answered with PUBACK of its message id")
  void qos1PublishIsAnsweredWithPuback() throws Exception {
    try (TestBroker broker = TestBroker.start();
         RawClient publisher = RawClient.connected(broker, "pub", true)) {
      publisher.send(new PublishPacket("q1", bytes("x"), 1, 42, false));
      assertThat(publisher.expect(PubackPacket.class).messageId()).isEqualTo(42);
    }
  }

  @Test
  @DisplayName("[MQTT-4.3.3-1] outbound QoS 2: PUBLISH, PUBREC, PUBREL, PUBCOMP, then the ack event")
  void qos2DeliveryToSubscriberCompletesTheFourPacketFlow() throws Exception {
    try (TestBroker broker = TestBroker.start();
         RawClient subscriber = RawClient.connected(broker, "sub", true);
         PahoClient publisher = PahoClient.connect(broker, "pub", true)) {
      List<Packet> acks = new CopyOnWriteArrayList<>();
      broker.aedes().onAck((ack, client) -> acks.add(ack));
      assertThat(subscriber.subscribe(1, new Subscription("q2", 2)).granted()).containsExactly(2);
      publisher.publish("q2", "exactly once", 2, false);
      PublishPacket publish = subscriber.expect(PublishPacket.class);
      assertThat(publish.qos()).isEqualTo(2);
      assertThat(publish.dup()).isFalse();
      subscriber.send(new PubrecPacket(publish.messageId()));
      assertThat(subscriber.expect(PubrelPacket.class).messageId()).isEqualTo(publish.messageId());
      assertThat(acks).as("no ack before PUBCOMP").isEmpty();
      subscriber.send(new PubcompPacket(publish.messageId()));
      await().until(() -> acks.size() == 1);
      // as Aedes documents: the ack event carries the PUBREL for QoS 2 (the PUBLISH for QoS 1)
      assertThat(acks.get(0)).isInstanceOf(PubrelPacket.class);
      assertThat(((PubrelPacket) acks.get(0)).messageId()).isEqualTo(publish.messageId());
    }
  }

  @Test
  @DisplayName("[MQTT-2.3.1-4] message ids are allocated per client, each from its own sequence")
  void messageIdsAreAllocatedPerClient() throws Exception {
    try (TestBroker broker = TestBroker.start();
         RawClient both = RawClient.connected(broker, "both", true);
         RawClient onlyB = RawClient.connected(broker, "onlyB", true)) {
      both.subscribe(1, new Subscription("ids/a", 1), new Subscription("ids/b", 1));
      onlyB.subscribe(1, new Subscription("ids/b", 1));
      broker.aedes().publish(new PublishPacket("ids/a", bytes("1"), 1, 0, false));
      broker.aedes().publish(new PublishPacket("ids/a", bytes("2"), 1, 0, false));
      broker.aedes().publish(new PublishPacket("ids/b", bytes("3"), 1, 0, false));
      int first = both.expect(PublishPacket.class).messageId();
      int second = both.expect(PublishPacket.class).messageId();
      int third = both.expect(PublishPacket.class).messageId();
      assertThat(List.of(first, second, third)).doesNotContain(0).doesNotHaveDuplicates();
      PublishPacket toB = onlyB.expect(PublishPacket.class);
      assertThat(toB.messageId()).as("the other client's sequence starts afresh").isEqualTo(first);
    }
  }

  @Test
  @DisplayName("[MQTT-4.3.3-2] incoming QoS 2 message ids of different clients do not collide")
  void sameIncomingMessageIdFromTwoPublishersDeliversBoth() throws Exception {
    try (TestBroker broker = TestBroker.start();
         PahoClient subscriber = PahoClient.connect(broker, "sub", true);
         RawClient first = RawClient.connected(broker, "first", true);
         RawClient second = RawClient.connected(broker, "second", true)) {
      subscriber.subscribe("collide", 2);
      first.send(new PublishPacket("collide", bytes("from first"), 2, 7, false));
      second.send(new PublishPacket("collide", bytes("from second"), 2, 7, false));
      assertThat(first.expect(PubrecPacket.class).messageId()).isEqualTo(7);
      assertThat(second.expect(PubrecPacket.class).messageId()).isEqualTo(7);
      first.send(new PubrelPacket(7));
      second.send(new PubrelPacket(7));
      assertThat(first.expect(PubcompPacket.class).messageId()).isEqualTo(7);
      assertThat(second.expect(PubcompPacket.class).messageId()).isEqualTo(7);
      assertThat(List.of(subscriber.next().payload(), subscriber.next().payload()))
          .containsExactlyInAnyOrder("from first", "from second");
    }
  }

  @Test
  @DisplayName("MQTT 3.1 (MQIsdp, level 3) clients exchange messages at each QoS")
  void mqtt31ClientsExchangeMessagesAtEachQos() throws Exception {
    int v31 = MqttConnectOptions.MQTT_VERSION_3_1;
    try (TestBroker broker = TestBroker.start();
         PahoClient subscriber = PahoClient.connect(broker, "sub31", true, v31);
         PahoClient publisher = PahoClient.connect(broker, "pub31", true, v31)) {
      List<Integer> versions = new CopyOnWriteArrayList<>();
      broker.aedes().onPublish((packet, client) -> {
        if (client != null) {
          versions.add(client.protocolVersion());
        }
      });
      subscriber.subscribe("v31", 2);
      for (int qos = 0; qos <= 2; qos++) {
        publisher.publish("v31", "at " + qos, qos, false);
        PahoClient.Received message = subscriber.next();
        assertThat(message.payload()).isEqualTo("at " + qos);
        assertThat(message.qos()).isEqualTo(qos);
      }
      assertThat(versions).containsOnly(3);
    }
  }
}
