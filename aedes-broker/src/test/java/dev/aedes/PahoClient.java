package dev.aedes;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * Eclipse Paho mqttv3 (MQTT 3.1.1) as an independent client: every message that arrives, also
 * those of a resumed session before any subscribe, is queued for the test to take in order
 * (unless the test sets its own callback on {@link #client()}). Close it to disconnect.
 */
final class PahoClient implements AutoCloseable {
  private static final long WAIT_SECONDS = 5;
  // Paho can leave a QoS 0 publish waiting forever when the broker closes mid-write
  private static final long TIME_TO_WAIT_MILLIS = 10_000;

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
  /** With manual acks: messages received and not yet acknowledged, oldest first. */
  private final BlockingQueue<MqttMessage> unacked = new LinkedBlockingQueue<>();
  private volatile boolean manualAcks;
  private volatile boolean sessionPresent;

  private PahoClient(MqttClient client) {
    this.client = client;
    client.setTimeToWait(TIME_TO_WAIT_MILLIS);
    client.setCallback(new MqttCallback() {
      @Override
      public void connectionLost(Throwable cause) {
      }

      @Override
      public void messageArrived(String topic, MqttMessage message) {
        if (manualAcks) {
          unacked.add(message);
        }
        received.add(new Received(topic, message));
      }

      @Override
      public void deliveryComplete(IMqttDeliveryToken token) {
      }
    });
  }

  /** A client not connected yet. */
  static PahoClient create(TestBroker broker, String clientId) throws MqttException {
    return new PahoClient(new MqttClient(broker.uri(), clientId, new MemoryPersistence()));
  }

  /** Options with this Clean Session flag, a 5 s connect timeout and no reconnecting. */
  static MqttConnectOptions options(boolean cleanSession) {
    MqttConnectOptions options = new MqttConnectOptions();
    options.setCleanSession(cleanSession);
    options.setConnectionTimeout(5);
    options.setAutomaticReconnect(false);
    return options;
  }

  /**
   * An async client connected with a clean session, for tests that watch each publish's token;
   * up to 100 in flight (Paho completes a token before it frees its in-flight slot, so even one
   * publish at a time can exceed its default of 10). Close it with {@link #close(MqttAsyncClient)}.
   */
  static MqttAsyncClient connectAsync(TestBroker broker, String clientId) throws MqttException {
    MqttAsyncClient client = new MqttAsyncClient(broker.uri(), clientId,
        new MemoryPersistence());
    MqttConnectOptions options = options(true);
    options.setMaxInflight(100);
    client.connect(options).waitForCompletion(5000);
    return client;
  }

  /** Disconnects (at once) and closes an async client. */
  static void close(MqttAsyncClient client) throws MqttException {
    if (client.isConnected()) {
      client.disconnectForcibly(0, 1000);
    }
    client.close(true);
  }

  /** Connects at MQTT 3.1.1 with a clean session. */
  static PahoClient connect(TestBroker broker, String clientId) throws MqttException {
    return connect(broker, clientId, options(true));
  }

  /** Connects at MQTT 3.1.1 with this id and Clean Session flag. */
  static PahoClient connect(TestBroker broker, String clientId, boolean clean)
      throws MqttException {
    return connect(broker, clientId, options(clean));
  }

  /** Connects at this Paho protocol version (MQTT_VERSION_3_1 or MQTT_VERSION_3_1_1). */
  static PahoClient connect(TestBroker broker, String clientId, boolean clean, int version)
      throws MqttException {
    MqttConnectOptions options = options(clean);
    options.setMqttVersion(version);
    return connect(broker, clientId, options);
  }

  /** Connects with the test's own options. */
  static PahoClient connect(TestBroker broker, String clientId, MqttConnectOptions options)
      throws MqttException {
    PahoClient paho = create(broker, clientId);
    try {
      paho.connect(options);
    } catch (MqttException | RuntimeException e) {
      paho.close();
      throw e;
    }
    return paho;
  }

  /** Connects at MQTT 3.1.1; QoS 1/2 messages are acknowledged only on {@link #ackOldest}. */
  static PahoClient connectManualAcks(TestBroker broker, String clientId, boolean clean)
      throws MqttException {
    PahoClient paho = create(broker, clientId);
    paho.manualAcks = true;
    paho.client.setManualAcks(true);
    MqttConnectOptions options = options(clean);
    options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
    try {
      paho.connect(options);
    } catch (MqttException | RuntimeException e) {
      paho.close();
      throw e;
    }
    return paho;
  }

  /** Connects and keeps the CONNACK's Session Present flag. */
  IMqttToken connect(MqttConnectOptions options) throws MqttException {
    IMqttToken token = client.connectWithResult(options);
    sessionPresent = token.getSessionPresent();
    return token;
  }

  MqttClient client() {
    return client;
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

  /** Publishes, not retained; at QoS 1 and 2 waits for the acknowledgement. */
  void publish(String topic, String payload, int qos) throws MqttException {
    publish(topic, payload, qos, false);
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

  /** With manual acks: acknowledges the oldest message not acknowledged yet. */
  void ackOldest() throws MqttException {
    MqttMessage message = unacked.poll();
    assertThat(message).as("a message to acknowledge").isNotNull();
    client.messageArrivedComplete(message.getId(), message.getQos());
  }

  /** Messages received and not taken yet. */
  List<Received> pending() {
    return List.copyOf(received);
  }

  boolean isConnected() {
    return client.isConnected();
  }

  /** Sends DISCONNECT and closes. */
  @Override
  public void close() throws MqttException {
    try {
      if (client.isConnected()) {
        // Not disconnectForcibly: that waits out its whole timeout for the broker to close
        client.disconnect(0);
      }
    } finally {
      client.close(true);
    }
  }
}
