package dev.aedes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** An MQTT 5 client's Receive Maximum caps the messages in flight to it, below maxInflight. */
class ReceiveMaximumIT {
  @Test
  @DisplayName("[MQTT-3.3.4-9] no more unacknowledged QoS 1 messages than the client's Receive Maximum")
  void receiveMaximumHoldsBackFurtherMessagesUntilAcknowledged() throws Exception {
    MqttConnectionOptions options = new MqttConnectionOptions();
    options.setReceiveMaximum(1);
    try (TestBroker broker = TestBroker.start();
        Paho5Client sub = Paho5Client.connect(broker, "rm-sub", options, true);
        Paho5Client pub = Paho5Client.connect(broker, "rm-pub", new MqttConnectionOptions(),
            false)) {
      sub.subscribe("rm/#", 1);
      for (int i = 0; i < 3; i++) {
        pub.publish("rm/" + i, "m" + i, 1, false);
      }
      await().until(() -> broker.aedes().queuedMessages() == 3);
      MqttMessage first = sub.next().message();
      assertThat(first.getPayload()).asString().isEqualTo("m0");
      assertThat(sub.pending()).as("nothing beyond one unacknowledged").isZero();
      for (int i = 1; i < 3; i++) {
        sub.client().messageArrivedComplete(first.getId(), first.getQos());
        first = sub.next().message();
        assertThat(first.getPayload()).asString().isEqualTo("m" + i);
      }
      assertThat(sub.client().isConnected()).isTrue();
    }
  }
}
