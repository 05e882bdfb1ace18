package dev.aedes;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;

/** Eclipse Paho (MQTT 3.1.1) against the broker over TCP: the basic round trip. */
class PahoSmokeIT {
  @Test
  void pahoReceivesWhatItPublishesAtEachQos() throws Exception {
    try (TestBroker broker = TestBroker.start()) {
      MqttClient client = new MqttClient(broker.uri(), "paho-smoke", new MemoryPersistence());
      MqttConnectOptions options = new MqttConnectOptions();
      options.setCleanSession(true);
      client.connect(options);
      BlockingQueue<MqttMessage> received = new ArrayBlockingQueue<>(10);
      client.subscribe("smoke/#", 2, (topic, message) -> received.add(message));
      for (int qos = 0; qos <= 2; qos++) {
        client.publish("smoke/" + qos, ("hello " + qos).getBytes(StandardCharsets.UTF_8), qos,
            false);
        MqttMessage message = received.poll(5, TimeUnit.SECONDS);
        assertThat(message).as("message at qos " + qos).isNotNull();
        assertThat(new String(message.getPayload(), StandardCharsets.UTF_8))
            .isEqualTo("hello " + qos);
        assertThat(message.getQos()).isEqualTo(qos);
      }
      client.disconnect();
      client.close();
    }
  }
}
