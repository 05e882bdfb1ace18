package dev.aedes;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * Eclipse Paho mqttv3 (MQTT 3.1.1) as an independent client: every message that arrives, also
 * those of a resumed session before any subscribe, is queued for the test to take in order.
 */
final class PahoClient implements AutoCloseable {
  private static final long WAIT_SECONDS = 5;

  /** A message as Paho delivered it. */
  record Received(String topic, MqttMessage message) {
    String payload() {
      return new String(message.getPayload(), StandardCharsets.UTF_8);
    }

    int qos() {
      return message.getQos();
    }

    boolean retained() {
      return message.isRetained();
    }
  }

  private final MqttClient client;
  private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
  private boolean sessionPresent;

  private PahoClient(MqttClient client) {
    this.client = client;
    client.setCallback(new MqttCallback() {
      @Override
      public void connectionLost(Throwable cause) {
      }

      @Override
      public void messageArrived(String topic, MqttMessage message) {
        received.add(new Received(topic, message));
      }

      @Override
      public void deliveryComplete(IMqttDeliveryToken token) {
      }
    });
  }

  /** Connects at MQTT 3.1.1 with this id and Clean Session flag. */
  static PahoClient connect(TestBroker broker, String clientId, boolean clean)
      throws MqttException {
    return connect(broker, clientId, clean, MqttConnectOptions.MQTT_VERSION_3_1_1);
  }

  /** Connects at this Paho protocol version (MQTT_VERSION_3_1 or MQTT_VERSION_3_1_1). */
  static PahoClient connect(TestBroker broker, String clientId, boolean clean, int version)
      throws MqttException {
    MqttClient client = new MqttClient(broker.uri(), clientId, new MemoryPersistence());
    PahoClient paho = new PahoClient(client);
    MqttConnectOptions options = new MqttConnectOptions();
    options.setCleanSession(clean);
    options.setMqttVersion(version);
    IMqttToken token = client.connectWithResult(options);
    paho.sessionPresent = token.getSessionPresent();
    return paho;
  }

  /** The Session Present flag of the CONNACK. */
  boolean sessionPresent() {
    return sessionPresent;
  }

  /** Subscribes and returns the granted QoS (128 for a failure). */
  int subscribe(String filter, int qos) throws MqttException {
    IMqttToken token = client.subscribeWithResponse(filter, qos);
    return token.getGrantedQos()[0];
  }

  void unsubscribe(String filter) throws MqttException {
    client.unsubscribe(filter);
  }

  void publish(String topic, String payload, int qos, boolean retain) throws MqttException {
    client.publish(topic, payload.getBytes(StandardCharsets.UTF_8), qos, retain);
  }

  /** The next message received, failing after five seconds. */
  Received next() throws InterruptedException {
    Received message = received.poll(WAIT_SECONDS, TimeUnit.SECONDS);
    assertThat(message).as("a message within " + WAIT_SECONDS + " s").isNotNull();
    return message;
  }

  /** Messages received and not taken yet. */
  java.util.List<Received> pending() {
    return java.util.List.copyOf(received);
  }

  boolean isConnected() {
    return client.isConnected();
  }

  /** Sends DISCONNECT and closes. */
  @Override
  public void close() throws MqttException {
    if (client.isConnected()) {
      client.disconnect(0);
    }
    client.close(true);
  }
}
