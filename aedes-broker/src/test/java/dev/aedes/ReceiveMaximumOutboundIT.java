package dev.aedes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The client's Receive Maximum caps what the broker has in flight to it, with two libraries. */
class ReceiveMaximumOutboundIT {
  private static final int MESSAGES = 6;

  private static void publishAll(TestBroker broker, int qos) throws Exception {
    try (HiveClient pub = HiveClient.connect(broker, "rmo-pub")) {
      for (int i = 0; i < MESSAGES; i++) {
        pub.publish("rmo/t", "m" + i, qos, false);
      }
    }
  }

  @Test
  @DisplayName("[MQTT-3.3.4-9] HiveMQ with Receive Maximum 2 never has more than 2 QoS 1/2 "
      + "messages unacknowledged, and gets all in order")
  void hivemqReceiveMaximum() throws Exception {
    try (TestBroker broker = TestBroker.start()) {
      Mqtt5AsyncClient sub = MqttClient.builder().useMqttVersion5().identifier("rmo-hive")
          .serverHost("127.0.0.1").serverPort(broker.port()).buildAsync();
      List<Mqtt5Publish> received = new CopyOnWriteArrayList<>();
      sub.publishes(MqttGlobalPublishFilter.ALL, received::add, true); // manual acknowledgement
      sub.connectWith().restrictions().receiveMaximum(2).applyRestrictions().send()
          .get(5, TimeUnit.SECONDS);
      try {
        sub.subscribeWith().topicFilter("rmo/#").qos(MqttQos.EXACTLY_ONCE).send()
            .get(5, TimeUnit.SECONDS);
        publishAll(broker, 2);
        for (int acked = 0; acked < MESSAGES; acked++) {
          int expected = Math.min(acked + 2, MESSAGES);
          await().until(() -> received.size() == expected);
          // the rest is held back in the broker: nothing more arrives before an ack
          assertThat(broker.aedes().queuedMessages()).isEqualTo(MESSAGES - acked);
          assertThat(received).hasSize(expected);
          received.get(acked).acknowledge();
        }
        assertThat(received).extracting(p -> new String(p.getPayloadAsBytes(),
            StandardCharsets.UTF_8)).containsExactly("m0", "m1", "m2", "m3", "m4", "m5");
      } finally {
        sub.disconnect().get(5, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  @DisplayName("[MQTT-3.3.4-9] Paho with Receive Maximum 2 never has more than 2 QoS 1 messages "
      + "unacknowledged, and gets all in order")
  void pahoReceiveMaximum() throws Exception {
    MqttConnectionOptions options = new MqttConnectionOptions();
    options.setReceiveMaximum(2);
    try (TestBroker broker = TestBroker.start();
        Paho5Client sub = Paho5Client.connect(broker, "rmo-paho", options, true)) {
      sub.subscribe(new MqttSubscription("rmo/#", 1), null);
      publishAll(broker, 1);
      await().until(() -> sub.pending() == 2);
      for (int i = 0; i < MESSAGES; i++) {
        assertThat(broker.aedes().queuedMessages()).isEqualTo(MESSAGES - i);
        assertThat(sub.pending()).isLessThanOrEqualTo(2);
        MqttMessage next = sub.next().message();
        assertThat(new String(next.getPayload(), StandardCharsets.UTF_8)).isEqualTo("m" + i);
        sub.client().messageArrivedComplete(next.getId(), next.getQos());
        int left = MESSAGES - i - 1;
        await().until(() -> broker.aedes().queuedMessages() == left);
      }
    }
  }
}
