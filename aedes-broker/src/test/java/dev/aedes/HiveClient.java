package dev.aedes;

import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAck;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The HiveMQ MQTT 5 client (blocking API) as an independent peer: every message it receives is
 * queued from before CONNECT, so messages of a resumed session are not missed, for the test to
 * take in order. Close it to disconnect.
 */
final class HiveClient implements AutoCloseable {
  private static final long WAIT_SECONDS = 5;
  private final Mqtt5BlockingClient client;
  private final Mqtt5BlockingClient.Mqtt5Publishes publishes;

  private HiveClient(Mqtt5BlockingClient client) {
    this.client = client;
    this.publishes = client.publishes(MqttGlobalPublishFilter.ALL);
  }

  /** A client for this broker, not connected yet ("" asks the broker for an id). */
  static HiveClient create(TestBroker broker, String clientId) {
    return new HiveClient(Mqtt5Client.builder().identifier(clientId)
        .serverHost("127.0.0.1").serverPort(broker.port()).buildBlocking());
  }

  /** Creates and connects with Clean Start and no Session Expiry Interval. */
  static HiveClient connect(TestBroker broker, String clientId) {
    return connect(broker, clientId, true, 0);
  }

  /** Creates and connects with Clean Start and this Session Expiry Interval. */
  static HiveClient connect(TestBroker broker, String clientId, boolean cleanStart,
      long sessionExpiry) {
    HiveClient client = create(broker, clientId);
    try {
      client.connect(cleanStart, sessionExpiry);
    } catch (RuntimeException e) {
      client.close();
      throw e;
    }
    return client;
  }

  Mqtt5ConnAck connect(boolean cleanStart, long sessionExpiry) {
    return client.connectWith().cleanStart(cleanStart).sessionExpiryInterval(sessionExpiry).send();
  }

  Mqtt5BlockingClient client() {
    return client;
  }

  void subscribe(String filter, int qos) {
    client.subscribeWith().topicFilter(filter).qos(MqttQos.fromCode(qos)).send();
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
