package dev.aedes;

import java.nio.charset.StandardCharsets;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/** Eclipse Paho (MQTT 3.1.1) clients for tests, closed with try-with-resources. */
final class Paho implements AutoCloseable {
  private final MqttClient client;

  private Paho(MqttClient client) {
    this.client = client;
  }

  /** A connected client with a clean session. */
  static Paho connect(TestBroker broker, String clientId) throws MqttException {
    return connect(broker, clientId, options(true));
  }

  static Paho connect(TestBroker broker, String clientId, MqttConnectOptions options)
      throws MqttException {
    Paho paho = create(broker, clientId);
    paho.client.connect(options);
    return paho;
  }

  /** A client not connected yet. */
  static Paho create(TestBroker broker, String clientId) throws MqttException {
    return new Paho(new MqttClient(broker.uri(), clientId, new MemoryPersistence()));
  }

  static MqttConnectOptions options(boolean cleanSession) {
    MqttConnectOptions options = new MqttConnectOptions();
    options.setCleanSession(cleanSession);
    options.setConnectionTimeout(5);
    options.setAutomaticReconnect(false);
    return options;
  }

  MqttClient client() {
    return client;
  }

  void publish(String topic, String payload, int qos) throws MqttException {
    client.publish(topic, payload.getBytes(StandardCharsets.UTF_8), qos, false);
  }

  @Override
  public void close() throws MqttException {
    if (client.isConnected()) {
      client.disconnectForcibly(0, 1000);
    }
    client.close(true);
  }
}
