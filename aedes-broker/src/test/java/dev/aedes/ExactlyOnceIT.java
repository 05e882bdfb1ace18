package dev.aedes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.aedes.packet.PubcompPacket;
import dev.aedes.packet.PublishPacket;
import dev.aedes.packet.PubrecPacket;
import dev.aedes.packet.PubrelPacket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Inbound QoS 2 exactly once (3.1.1 4.3.3, Method B): the broker stores the PUBLISH, answers
 * every copy with PUBREC, and forwards it once, on PUBREL.
 */
class ExactlyOnceIT {
  private static PublishPacket qos2(String topic, String payload, int messageId, boolean dup) {
    return new PublishPacket(dup, 2, false, topic, messageId,
        payload.getBytes(StandardCharsets.UTF_8), null);
  }

  @Test
  @DisplayName("[MQTT-4.3.3-2] a QoS 2 PUBLISH re-sent with DUP before PUBREL is delivered once")
  void duplicateQos2PublishBeforePubrelIsDeliveredOnce() throws Exception {
    try (TestBroker broker = TestBroker.start();
         PahoClient subscriber = PahoClient.connect(broker, "sub", true);
         RawClient publisher = RawClient.connected(broker, "pub", true)) {
      subscriber.subscribe("once", 2);
      publisher.send(qos2("once", "only once", 9, false));
      assertThat(publisher.expect(PubrecPacket.class).messageId()).isEqualTo(9);
      publisher.send(qos2("once", "only once", 9, true));
      assertThat(publisher.expect(PubrecPacket.class).messageId())
          .as("[MQTT-4.3.3-2] every copy is acknowledged with PUBREC").isEqualTo(9);
      publisher.send(new PubrelPacket(9));
      assertThat(publisher.expect(PubcompPacket.class).messageId()).isEqualTo(9);
      assertThat(subscriber.next().payload()).isEqualTo("only once");
      publisher.send(qos2("once", "marker", 10, false));
      publisher.expect(PubrecPacket.class);
      publisher.send(new PubrelPacket(10));
      publisher.expect(PubcompPacket.class);
      assertThat(subscriber.next().payload()).as("no second copy before the marker")
          .isEqualTo("marker");
    }
  }

  @Test
  @DisplayName("[MQTT-4.3.3-2] nothing is forwarded before PUBREL")
  void qos2PublishIsNotForwardedBeforePubrel() throws Exception {
    try (TestBroker broker = TestBroker.start();
         PahoClient subscriber = PahoClient.connect(broker, "sub", true);
         RawClient publisher = RawClient.connected(broker, "pub", true)) {
      subscriber.subscribe("held/#", 2);
      publisher.send(qos2("held/q2", "held", 3, false));
      publisher.expect(PubrecPacket.class);
      publisher.send(new PublishPacket("held/q0", "after".getBytes(StandardCharsets.UTF_8), 0, 0,
          false));
      assertThat(subscriber.next().payload()).as("the QoS 0 overtakes the unreleased QoS 2")
          .isEqualTo("after");
      publisher.send(new PubrelPacket(3));
      assertThat(subscriber.next().payload()).isEqualTo("held");
    }
  }

  @Test
  @DisplayName("[MQTT-4.3.3-2] a PUBREL for an unknown id is still answered with PUBCOMP")
  void pubrelForUnknownIdIsAnsweredWithPubcomp() throws Exception {
    try (TestBroker broker = TestBroker.start();
         RawClient publisher = RawClient.connected(broker, "pub", true)) {
      publisher.send(new PubrelPacket(77));
      assertThat(publisher.expect(PubcompPacket.class).messageId()).isEqualTo(77);
    }
  }

  @Test
  @DisplayName("[MQTT-3.1.2-4] an unreleased incoming QoS 2 message survives in a persistent session")
  void unreleasedQos2MessageIsReleasedAfterPersistentReconnect() throws Exception {
    try (TestBroker broker = TestBroker.start();
         PahoClient subscriber = PahoClient.connect(broker, "sub", true)) {
      subscriber.subscribe("kept/#", 2);
      List<String> disconnected = new CopyOnWriteArrayList<>();
      broker.aedes().onClientDisconnect(client -> disconnected.add(client.id()));
      try (RawClient first = RawClient.connected(broker, "pub", false)) {
        first.send(qos2("kept/q2", "kept", 4, false));
        first.expect(PubrecPacket.class);
        first.destroy(); // before PUBREL
      }
      await().until(() -> disconnected.contains("pub"));
      try (RawClient back = RawClient.connected(broker, "pub", false)) {
        back.send(new PubrelPacket(4));
        assertThat(back.expect(PubcompPacket.class).messageId()).isEqualTo(4);
        assertThat(subscriber.next().payload()).isEqualTo("kept");
      }
    }
  }

  @Test
  @DisplayName("[MQTT-3.1.2-6] a clean session forgets unreleased incoming QoS 2 messages")
  void cleanSessionDiscardsUnreleasedQos2Message() throws Exception {
    try (TestBroker broker = TestBroker.start();
         PahoClient subscriber = PahoClient.connect(broker, "sub", true)) {
      subscriber.subscribe("dropped/#", 2);
      List<String> disconnected = new CopyOnWriteArrayList<>();
      broker.aedes().onClientDisconnect(client -> disconnected.add(client.id()));
      try (RawClient first = RawClient.connected(broker, "pub", true)) {
        first.send(qos2("dropped/q2", "stale", 4, false));
        first.expect(PubrecPacket.class);
        first.destroy(); // before PUBREL
      }
      await().until(() -> disconnected.contains("pub"));
      try (RawClient fresh = RawClient.connected(broker, "pub", true)) {
        fresh.send(new PubrelPacket(4));
        assertThat(fresh.expect(PubcompPacket.class).messageId()).isEqualTo(4);
        fresh.send(new PublishPacket("dropped/marker", "marker".getBytes(StandardCharsets.UTF_8),
            0, 0, false));
        assertThat(subscriber.next().payload()).as("the stale message is not released")
            .isEqualTo("marker");
      }
    }
  }
}
