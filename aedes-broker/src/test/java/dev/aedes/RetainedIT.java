package dev.aedes;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Retained messages (3.1.1 section 3.3.1.3), seen through Paho clients. */
class RetainedIT {
  @Test
  @DisplayName("[MQTT-3.3.1-6] [MQTT-3.3.1-8] a retained message reaches a new subscriber with RETAIN set")
  void retainedMessageIsDeliveredOnSubscribeWithRetainFlag() throws Exception {
    try (TestBroker broker = TestBroker.start();
         PahoClient publisher = PahoClient.connect(broker, "pub", true);
         PahoClient subscriber = PahoClient.connect(broker, "sub", true)) {
      publisher.publish("retained/a", "kept", 1, true);
      subscriber.subscribe("retained/+", 1);
      PahoClient.Received message = subscriber.next();
      assertThat(message.topic()).isEqualTo("retained/a");
      assertThat(message.payload()).isEqualTo("kept");
      assertThat(message.retained()).isTrue();
      assertThat(message.qos()).isEqualTo(1);
    }
  }

  @Test
  @DisplayName("[MQTT-3.3.1-5] a new retained message replaces the topic's previous one")
  void newRetainedMessageReplacesThePreviousOne() throws Exception {
    try (TestBroker broker = TestBroker.start();
         PahoClient publisher = PahoClient.connect(broker, "pub", true);
         PahoClient subscriber = PahoClient.connect(broker, "sub", true)) {
      publisher.publish("retained/a", "first", 1, true);
      publisher.publish("retained/a", "second", 1, true);
      subscriber.subscribe("retained/a", 1);
      assertThat(subscriber.next().payload()).isEqualTo("second");
      publisher.publish("retained/a", "live", 1, false);
      assertThat(subscriber.next().payload()).as("only one retained message per topic")
          .isEqualTo("live");
    }
  }

  @Test
  @DisplayName("[MQTT-3.3.1-10] [MQTT-3.3.1-11] an empty retained payload deletes the retained message")
  void emptyRetainedPayloadDeletesTheRetainedMessage() throws Exception {
    try (TestBroker broker = TestBroker.start();
         PahoClient publisher = PahoClient.connect(broker, "pub", true);
         PahoClient subscriber = PahoClient.connect(broker, "sub", true)) {
      publisher.publish("retained/a", "doomed", 1, true);
      publisher.publish("retained/a", "", 1, true);
      subscriber.subscribe("retained/#", 1);
      publisher.publish("retained/a", "live", 1, false);
      PahoClient.Received first = subscriber.next();
      assertThat(first.payload()).as("nothing retained is sent before the live message")
          .isEqualTo("live");
      assertThat(first.retained()).isFalse();
    }
  }

  @Test
  @DisplayName("[MQTT-3.3.1-9] a retained message forwarded to an existing subscriber has RETAIN clear")
  void retainedMessageToExistingSubscriberHasRetainFlagClear() throws Exception {
    try (TestBroker broker = TestBroker.start();
         PahoClient publisher = PahoClient.connect(broker, "pub", true);
         PahoClient subscriber = PahoClient.connect(broker, "sub", true)) {
      subscriber.subscribe("retained/a", 1);
      publisher.publish("retained/a", "now", 1, true);
      PahoClient.Received message = subscriber.next();
      assertThat(message.payload()).isEqualTo("now");
      assertThat(message.retained()).isFalse();
    }
  }

  @Test
  @DisplayName("[MQTT-3.8.4-3] subscribing again to the same filter sends the retained message again")
  void resubscribingDeliversTheRetainedMessageAgain() throws Exception {
    try (TestBroker broker = TestBroker.start();
         PahoClient publisher = PahoClient.connect(broker, "pub", true);
         PahoClient subscriber = PahoClient.connect(broker, "sub", true)) {
      publisher.publish("retained/a", "again", 1, true);
      subscriber.subscribe("retained/a", 1);
      assertThat(subscriber.next().retained()).isTrue();
      subscriber.subscribe("retained/a", 1);
      PahoClient.Received again = subscriber.next();
      assertThat(again.payload()).isEqualTo("again");
      assertThat(again.retained()).isTrue();
    }
  }

  @Test
  @DisplayName("[MQTT-3.8.4-6] a retained message is sent at the lower of its QoS and the granted QoS")
  void retainedMessageIsDowngradedToTheGrantedQos() throws Exception {
    try (TestBroker broker = TestBroker.start();
         PahoClient publisher = PahoClient.connect(broker, "pub", true);
         PahoClient subscriber = PahoClient.connect(broker, "sub", true)) {
      publisher.publish("retained/q0", "low", 0, true);
      publisher.publish("retained/q2", "high", 2, true); // its PUBCOMP follows the QoS 0 store
      subscriber.subscribe("retained/q2", 1);
      assertThat(subscriber.next().qos()).isEqualTo(1);
      subscriber.subscribe("retained/q0", 2);
      assertThat(subscriber.next().qos()).isZero();
    }
  }
}
