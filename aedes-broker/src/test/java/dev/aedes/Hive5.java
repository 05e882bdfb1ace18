package dev.aedes;

import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The HiveMQ MQTT Client (MQTT 5) as an independent peer: connected with a clean start, every
 * message it receives queued for the test to take in order. Close it to disconnect.
 */
final class Hive5 implements AutoCloseable {
  private static final long WAIT_SECONDS = 5;

  private final Mqtt5BlockingClient client;
  private final Mqtt5BlockingClient.Mqtt5Publishes publishes;

  private Hive5(Mqtt5BlockingClient client) {
    this.client = client;
    this.publishes = client.publishes(MqttGlobalPublishFilter.ALL);
  }

  static Hive5 connect(TestBroker broker, String clientId) {
    Mqtt5BlockingClient client = MqttClient.builder().useMqttVersion5().identifier(clientId)
        .serverHost("127.0.0.1").serverPort(broker.port()).buildBlocking();
    client.connectWith().cleanStart(true).send();
    return new Hive5(client);
  }

  Mqtt5BlockingClient client() {
    return client;
  }

  /** Publishes and, at QoS 1 and 2, waits for the acknowledgement. */
  void publish(String topic, String payload, int qos, boolean retain) {
    client.publishWith().topic(topic).payload(payload.getBytes(StandardCharsets.UTF_8))
        .qos(MqttQos.fromCode(qos)).retain(retain).send();
  }

  /** The next message, failing after five seconds. */
  Mqtt5Publish next() throws InterruptedException {
    Optional<Mqtt5Publish> publish = publishes.receive(WAIT_SECONDS, TimeUnit.SECONDS);
    assertThat(publish).as("a message within " + WAIT_SECONDS + " s").isPresent();
    return publish.get();
  }

  /** A message received and not taken yet, if any. */
  Optional<Mqtt5Publish> poll() {
    return publishes.receiveNow();
  }

  static String payload(Mqtt5Publish publish) {
    return new String(publish.getPayloadAsBytes(), StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    publishes.close();
    if (client.getState().isConnected()) {
      client.disconnect();
    }
  }
}
