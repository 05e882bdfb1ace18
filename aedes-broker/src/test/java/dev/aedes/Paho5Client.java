package dev.aedes;

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

/** Eclipse Paho mqttv5 for tests: received messages queued, the CONNACK's token kept. */
final class Paho5Client implements AutoCloseable {
  private static final long WAIT_SECONDS = 5;
  private final MqttClient client;
  private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();

  /** A message and the topic it came on. */
  record Received(String topic, MqttMessage message) {
  }

  private Paho5Client(MqttClient client) {
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

  /** A client for this broker, not connected yet. */
  static Paho5Client create(TestBroker broker, String clientId) throws MqttException {
    return new Paho5Client(new MqttClient(broker.uri(), clientId, new MemoryPersistence()));
  }

  /** Options with Clean Start and a Session Expiry Interval (null: none sent). */
  static MqttConnectionOptions options(boolean cleanStart, Long sessionExpiry) {
    MqttConnectionOptions options = new MqttConnectionOptions();
    options.setCleanStart(cleanStart);
    options.setSessionExpiryInterval(sessionExpiry);
    return options;
  }

  /** Creates and connects; the token holds the CONNACK. */
  static Paho5Client connect(TestBroker broker, String clientId, boolean cleanStart,
      Long sessionExpiry) throws MqttException {
    Paho5Client client = create(broker, clientId);
    client.connect(options(cleanStart, sessionExpiry));
    return client;
  }

  IMqttToken connect(MqttConnectionOptions options) throws MqttException {
    return client.connectWithResult(options);
  }

  MqttClient client() {
    return client;
  }

  void subscribe(String filter, int qos) throws MqttException {
    client.subscribe(filter, qos);
  }

  /** The next message, failing after five seconds. */
  Received next() throws InterruptedException {
    Received message = received.poll(WAIT_SECONDS, TimeUnit.SECONDS);
    if (message == null) {
      throw new AssertionError("no message within " + WAIT_SECONDS + " s");
    }
    return message;
  }

  /** Drops the connection without DISCONNECT. */
  void drop() throws MqttException {
    client.disconnectForcibly(0, 1, false);
  }

  @Override
  public void close() throws MqttException {
    if (client.isConnected()) {
      client.disconnect();
    }
    client.close();
  }
}
