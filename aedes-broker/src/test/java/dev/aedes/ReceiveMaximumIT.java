package dev.aedes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** An MQTT 5 client's Receive Maximum caps the messages in flight to it, below maxInflight. */
class ReceiveMaximumIT {
  @Test
  @DisplayName("[MQTT-3.3.4-9] no more unacknowledged QoS 1 messages than the client's Receive Maximum")
  void receiveMaximumHoldsBackFurtherMessagesUntilAcknowledged() throws Exception {
    try (TestBroker broker = TestBroker.start()) {
      BlockingQueue<MqttMessage> received = new LinkedBlockingQueue<>();
      MqttClient sub = new MqttClient(broker.uri(), "rm-sub", new MemoryPersistence());
      MqttClient pub = new MqttClient(broker.uri(), "rm-pub", new MemoryPersistence());
      try {
        sub.setManualAcks(true);
        sub.setCallback(new Collecting(received));
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setReceiveMaximum(1);
        sub.connect(options);
        sub.subscribe("rm/#", 1);
        pub.connect(new MqttConnectionOptions());
        for (int i = 0; i < 3; i++) {
          pub.publish("rm/" + i, ("m" + i).getBytes(StandardCharsets.UTF_8), 1, false);
        }
        await().until(() -> broker.aedes().queuedMessages() == 3);
        MqttMessage first = received.poll(5, TimeUnit.SECONDS);
        assertThat(first).isNotNull();
        assertThat(first.getPayload()).asString().isEqualTo("m0");
        assertThat(received).as("nothing beyond one unacknowledged").isEmpty();
        for (int i = 1; i < 3; i++) {
          sub.messageArrivedComplete(first.getId(), first.getQos());
          first = received.poll(5, TimeUnit.SECONDS);
          assertThat(first).isNotNull();
          assertThat(first.getPayload()).asString().isEqualTo("m" + i);
        }
        assertThat(sub.isConnected()).isTrue();
      } finally {
        for (MqttClient client : new MqttClient[] {sub, pub}) {
          if (client.isConnected()) {
            client.disconnect();
          }
          client.close();
        }
      }
    }
  }

  private record Collecting(BlockingQueue<MqttMessage> received) implements MqttCallback {
    @Override
    public void disconnected(MqttDisconnectResponse response) {
    }

    @Override
    public void mqttErrorOccurred(MqttException exception) {
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) {
      received.add(message);
    }

    @Override
    public void deliveryComplete(IMqttToken token) {
    }

    @Override
    public void connectComplete(boolean reconnect, String serverUri) {
    }

    @Override
    public void authPacketArrived(int reasonCode, MqttProperties properties) {
    }
  }
}
