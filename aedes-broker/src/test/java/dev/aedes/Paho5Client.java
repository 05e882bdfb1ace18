package dev.aedes;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/**
 * Eclipse Paho mqttv5 as an independent peer: every message it receives queued for the test in
 * order, each call waiting for its acknowledgement (at most ten seconds, so a test cannot hang on
 * a connection the broker closed). Close it to disconnect.
 */
final class Paho5Client implements AutoCloseable {
  private static final long WAIT_SECONDS = 5;
  // Paho can leave a token waiting forever when the broker closes mid-write
  private static final long TIME_TO_WAIT_MILLIS = 10_000;

  /** A message and the topic it came on. */
  record Received(String topic, MqttMessage message) {
    String payload() {
      return new String(message.getPayload(), StandardCharsets.UTF_8);
    }
  }

  private final MqttAsyncClient client;
  private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
  private volatile IMqttToken connectToken;

  private Paho5Client(MqttAsyncClient client) {
    this.client = client;
    client.setCallback(new MqttCallback() {
      @Override
      public void disconnected(MqttDisconnectResponse response) {
      }

      @Override
      public void mqttErrorOccurred(MqttException exception) {
      }

      @Override
      public void messageArrived(String topic, MqttMessage message) {
        received.add(new Received(topic, message));
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
    });
  }

  /** A client for this broker, not connected yet ("" asks the broker for an id). */
  static Paho5Client create(TestBroker broker, String clientId) throws MqttException {
    return new Paho5Client(new MqttAsyncClient(broker.uri(), clientId, new MemoryPersistence()));
  }

  /** Options with Clean Start and a Session Expiry Interval (null: none sent). */
  static MqttConnectionOptions options(boolean cleanStart, Long sessionExpiry) {
    MqttConnectionOptions options = new MqttConnectionOptions();
    options.setCleanStart(cleanStart);
    options.setSessionExpiryInterval(sessionExpiry);
    return options;
  }

  /**
   * Creates and connects with Clean Start, no Session Expiry Interval, and Paho's own
   * Subscription Identifiers off, so a test sets them.
   */
  static Paho5Client connect(TestBroker broker, String clientId) throws MqttException {
    MqttConnectionOptions options = options(true, null);
    options.setUseSubscriptionIdentifiers(false);
    return connected(create(broker, clientId), options);
  }

  /** Creates and connects with Clean Start and this Session Expiry Interval (null: none). */
  static Paho5Client connect(TestBroker broker, String clientId, boolean cleanStart,
      Long sessionExpiry) throws MqttException {
    return connected(create(broker, clientId), options(cleanStart, sessionExpiry));
  }

  /**
   * Creates and connects with the test's own options (limits, aliases), Clean Start forced on;
   * with {@code manualAcks} the test acknowledges each message through {@link #client()}.
   */
  static Paho5Client connect(TestBroker broker, String clientId, MqttConnectionOptions options,
      boolean manualAcks) throws MqttException {
    options.setCleanStart(true);
    Paho5Client client = create(broker, clientId);
    client.client.setManualAcks(manualAcks);
    return connected(client, options);
  }

  /** Connects a new client, closing it if that fails. */
  private static Paho5Client connected(Paho5Client client, MqttConnectionOptions options)
      throws MqttException {
    try {
      client.connect(options);
    } catch (MqttException | RuntimeException e) {
      client.close();
      throw e;
    }
    return client;
  }

  /** Connects; the token holds the CONNACK. */
  IMqttToken connect(MqttConnectionOptions options) throws MqttException {
    IMqttToken token = client.connect(options);
    token.waitForCompletion(TIME_TO_WAIT_MILLIS);
    connectToken = token;
    return token;
  }

  /** The properties of the broker's CONNACK. */
  MqttProperties connackProperties() {
    return connectToken.getResponseProperties();
  }

  MqttAsyncClient client() {
    return client;
  }

  void subscribe(String filter, int qos) throws MqttException {
    subscribe(new MqttSubscription(filter, qos), null);
  }

  /** Subscribes with these properties (null for none); returns the SUBACK reason codes. */
  int[] subscribe(MqttSubscription subscription, MqttProperties properties)
      throws MqttException {
    IMqttToken token = client.subscribe(new MqttSubscription[] {subscription}, null, null,
        properties == null ? new MqttProperties() : properties);
    token.waitForCompletion(TIME_TO_WAIT_MILLIS);
    return token.getReasonCodes();
  }

  void publish(String topic, String payload, int qos, boolean retain) throws MqttException {
    MqttMessage message = new MqttMessage(payload.getBytes(StandardCharsets.UTF_8));
    message.setQos(qos);
    message.setRetained(retain);
    publish(topic, message);
  }

  /** Publishes and, at QoS 1 and 2, waits for the acknowledgement. */
  void publish(String topic, MqttMessage message) throws MqttException {
    client.publish(topic, message).waitForCompletion(TIME_TO_WAIT_MILLIS);
  }

  /** The next message, failing after five seconds. */
  Received next() throws InterruptedException {
    Received message = received.poll(WAIT_SECONDS, TimeUnit.SECONDS);
    assertThat(message).as("a message within " + WAIT_SECONDS + " s").isNotNull();
    return message;
  }

  /** Messages received and not taken yet. */
  int pending() {
    return received.size();
  }

  /** Drops the connection without DISCONNECT. */
  void drop() throws MqttException {
    client.disconnectForcibly(0, 1, false);
  }

  @Override
  public void close() throws MqttException {
    try {
      if (client.isConnected()) {
        // Not disconnectForcibly: that waits out its whole timeout for the broker to close
        client.disconnect(0).waitForCompletion(TIME_TO_WAIT_MILLIS);
      }
    } finally {
      client.close(true);
    }
  }
}
