package dev.aedes;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAck;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The HiveMQ MQTT 5 client (blocking API) for tests: every message it receives is queued from
 * before CONNECT, so messages of a resumed session are not missed.
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

  /** Creates and connects with Clean Start and this Session Expiry Interval. */
  static HiveClient connect(TestBroker broker, String clientId, boolean cleanStart,
      long sessionExpiry) {
    HiveClient client = create(broker, clientId);
    client.connect(cleanStart, sessionExpiry);
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

  /** The next message, failing after five seconds. */
  Mqtt5Publish next() throws InterruptedException {
    Optional<Mqtt5Publish> publish = publishes.receive(WAIT_SECONDS, TimeUnit.SECONDS);
    if (publish.isEmpty()) {
      throw new AssertionError("no message within " + WAIT_SECONDS + " s");
    }
    return publish.get();
  }

  @Override
  public void close() {
    publishes.close();
    if (client.getState().isConnected()) {
      client.disconnect();
    }
  }
}
