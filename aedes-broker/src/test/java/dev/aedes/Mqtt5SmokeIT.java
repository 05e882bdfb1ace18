package dev.aedes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.IMqttMessageListener;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Eclipse Paho mqttv5 against the broker: connect, subscribe, and properties carried through. */
class Mqtt5SmokeIT {
  private static MqttClient connect(TestBroker broker, String clientId) throws Exception {
    MqttClient client = new MqttClient(broker.uri(), clientId, new MemoryPersistence());
    MqttConnectionOptions options = new MqttConnectionOptions();
    options.setCleanStart(true);
    IMqttToken token = client.connectWithResult(options);
    assertThat(token.isComplete()).isTrue();
    assertThat(client.isConnected()).isTrue();
    return client;
  }

  @Test
  @DisplayName("[MQTT-3.3.2-16] [MQTT-3.3.2-17] [MQTT-3.3.2-20] user properties, content type and "
      + "correlation data reach the subscriber unaltered")
  void propertiesAreCarriedFromPublisherToSubscriber() throws Exception {
    try (TestBroker broker = TestBroker.start()) {
      MqttClient subscriber = connect(broker, "sub5");
      MqttClient publisher = connect(broker, "pub5");
      try {
        BlockingQueue<MqttMessage> received = new LinkedBlockingQueue<>();
        IMqttToken subscribed = subscriber.subscribe(
            new MqttSubscription[] {new MqttSubscription("v5/#", 1)},
            new IMqttMessageListener[] {
                (topic, message) -> received.add(message)});
        assertThat(subscribed.getReasonCodes()).containsExactly(1);

        MqttProperties properties = new MqttProperties();
        properties.setUserProperties(List.of(new UserProperty("trace", "abc"),
            new UserProperty("trace", "def"), new UserProperty("unit", "°C")));
        properties.setContentType("application/json");
        properties.setCorrelationData(new byte[] {1, 2, 3, (byte) 0xFF});
        properties.setResponseTopic("v5/replies");
        MqttMessage message = new MqttMessage("{\"t\":21}".getBytes(StandardCharsets.UTF_8));
        message.setQos(1);
        message.setProperties(properties);
        publisher.publish("v5/temperature", message);

        MqttMessage got = received.poll(5, TimeUnit.SECONDS);
        assertThat(got).as("message within 5 s").isNotNull();
        assertThat(new String(got.getPayload(), StandardCharsets.UTF_8)).isEqualTo("{\"t\":21}");
        assertThat(got.getQos()).isEqualTo(1);
        MqttProperties gotProperties = got.getProperties();
        assertThat(gotProperties.getUserProperties()).extracting(UserProperty::getKey,
            UserProperty::getValue).containsExactly(
                tuple("trace", "abc"),
                tuple("trace", "def"),
                tuple("unit", "°C"));
        assertThat(gotProperties.getContentType()).isEqualTo("application/json");
        assertThat(gotProperties.getCorrelationData()).containsExactly(1, 2, 3, (byte) 0xFF);
        assertThat(gotProperties.getResponseTopic()).isEqualTo("v5/replies");
      } finally {
        publisher.disconnect();
        publisher.close();
        subscriber.disconnect();
        subscriber.close();
      }
    }
  }
}
