package dev.aedes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
         PahoClient sub = PahoClient.connectManualAcks(broker, "slow", true);
         PahoClient pub = PahoClient.connectManualAcks(broker, "pub", true)) {
      sub.client().subscribe("q/#", 1);
      for (int i = 0; i < 5; i++) {
        pub.publish("q/" + i, "q/" + i, 1);
      }
      await().until(() -> broker.aedes().queuedMessages() == 5);
      assertThat(sub.next().message().getPayload()).asString().isEqualTo("q/0");
      assertThat(sub.next().message().getPayload()).asString().isEqualTo("q/1");
      assertThat(sub.pending()).as("nothing beyond two unacknowledged").isEmpty();
      for (int i = 2; i < 5; i++) {
        sub.ackOldest();
        assertThat(sub.next().message().getPayload()).asString().isEqualTo("q/" + i);
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
         PahoClient sub = PahoClient.connectManualAcks(broker, "slow2", true);
         PahoClient pub = PahoClient.connectManualAcks(broker, "pub2", true)) {
      sub.client().subscribe("q2/#", 2);
      pub.publish("q2/a", "q2/a", 2);
      pub.publish("q2/b", "q2/b", 2);
      // Paho answers PUBREC by itself; PUBCOMP waits for the manual ack
      assertThat(sub.next().message().getPayload()).asString().isEqualTo("q2/a");
      await().until(() -> broker.aedes().queuedMessages() == 2);
      assertThat(sub.pending()).isEmpty();
      sub.ackOldest();
      assertThat(sub.next().message().getPayload()).asString().isEqualTo("q2/b");
    }
  }

  @Test
  void persistentSessionKeepsQos1MessagesBeyondMaxQueued() throws Exception {
    // the publisher has its PUBACK: a persistent session must not lose the message (issue 7)
    AedesOptions options = new AedesOptions().maxInflight(1).maxQueued(2);
    try (TestBroker broker = TestBroker.start(options);
         PahoClient sub = PahoClient.connectManualAcks(broker, "keeper", false);
         PahoClient pub = PahoClient.connectManualAcks(broker, "pub4", true)) {
      sub.client().subscribe("k/#", 1);
      for (int i = 0; i < 5; i++) {
        pub.publish("k/" + i, "k/" + i, 1);
      }
      for (int i = 0; i < 5; i++) {
        assertThat(sub.next().message().getPayload()).asString().isEqualTo("k/" + i);
        sub.ackOldest();
      }
      assertThat(broker.aedes().overflowedMessages()).isZero();
    }
  }

  @Test
  void beyondMaxQueuedNewMessagesAreDroppedAndCounted() throws Exception {
    AedesOptions options = new AedesOptions().maxInflight(1).maxQueued(2);
    try (TestBroker broker = TestBroker.start(options);
         PahoClient sub = PahoClient.connectManualAcks(broker, "full", true);
         PahoClient pub = PahoClient.connectManualAcks(broker, "pub3", true)) {
      sub.client().subscribe("f/#", 1);
      for (int i = 0; i < 5; i++) {
        pub.publish("f/" + i, "f/" + i, 1); // f/0 in flight, f/1 and f/2 wait, f/3 and f/4 dropped
      }
      pub.publish("f/qos0", "f/qos0", 0); // a full queue takes no QoS 0 either
      await().until(() -> broker.aedes().droppedMessages() == 3);
      assertThat(broker.aedes().overflowedMessages()).isEqualTo(2);
      assertThat(sub.next().message().getPayload()).asString().isEqualTo("f/0");
      sub.ackOldest();
      assertThat(sub.next().message().getPayload()).asString().isEqualTo("f/1");
      sub.ackOldest();
      assertThat(sub.next().message().getPayload()).asString().isEqualTo("f/2");
      sub.ackOldest();
      pub.publish("f/after", "f/after", 1);
      assertThat(sub.next().message().getPayload()).as("the dropped ones never come")
          .asString().isEqualTo("f/after");
    }
  }

  @Test
  void persistentSessionKeepsWaitingMessagesAcrossReconnectInOrder() throws Exception {
    try (TestBroker broker = TestBroker.start(new AedesOptions().maxInflight(1));
         PahoClient pub = PahoClient.connectManualAcks(broker, "pub4", true)) {
      try (PahoClient sub = PahoClient.connectManualAcks(broker, "away", false)) {
        sub.client().subscribe("p/#", 1);
        for (int i = 0; i < 3; i++) {
          pub.publish("p/" + i, "p/" + i, 1); // p/0 in flight, p/1 and p/2 wait in the session
        }
        assertThat(sub.next().message().getPayload()).asString().isEqualTo("p/0");
        await().until(() -> broker.aedes().queuedMessages() == 3);
      }
      await().until(() -> broker.aedes().connectedClients() == 1);
      pub.publish("p/3", "p/3", 1); // queued in persistence while away
      try (PahoClient sub = PahoClient.connectManualAcks(broker, "away", false)) {
        // [MQTT-4.4.0-1] p/0 again (DUP), then the waiting ones, then the one queued away
        for (int i = 0; i < 4; i++) {
          assertThat(sub.next().message().getPayload()).asString().isEqualTo("p/" + i);
          assertThat(sub.pending()).isEmpty();
          sub.ackOldest();
        }
        await().until(() -> broker.aedes().queuedMessages() == 0);
      }
    }
  }
}
