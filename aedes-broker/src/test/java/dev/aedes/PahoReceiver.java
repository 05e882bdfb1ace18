package dev.aedes;

import static org.assertj.core.api.Assertions.assertThat;

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
 * Eclipse Paho mqttv5 connected with the test's own options (limits, aliases, manual acks),
 * queuing the topic of every message it receives and its messages for manual acknowledgement.
 */
final class PahoReceiver implements AutoCloseable {
  private static final long WAIT_MILLIS = 5_000;

  private final MqttAsyncClient client;
  private final BlockingQueue<String> topics = new LinkedBlockingQueue<>();
  private final BlockingQueue<MqttMessage> messages = new LinkedBlockingQueue<>();
  private volatile MqttDisconnectResponse disconnected;
  private IMqttToken connectToken;

  private PahoReceiver(MqttAsyncClient client) {
    this.client = client;
  }

  static PahoReceiver connect(TestBroker broker, String clientId, MqttConnectionOptions options,
      boolean manualAcks) throws MqttException {
    PahoReceiver paho = new PahoReceiver(
        new MqttAsyncClient(broker.uri(), clientId, new MemoryPersistence()));
    paho.client.setManualAcks(manualAcks);
    paho.client.setCallback(new MqttCallback() {
      @Override
      public void disconnected(MqttDisconnectResponse response) {
        paho.disconnected = response;
      }

      @Override
      public void mqttErrorOccurred(MqttException exception) {
      }

      @Override
      public void messageArrived(String topic, MqttMessage message) {
        paho.topics.add(topic);
        paho.messages.add(message);
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
    options.setCleanStart(true);
    paho.connectToken = paho.client.connect(options);
    paho.connectToken.waitForCompletion(WAIT_MILLIS);
    return paho;
  }

  MqttAsyncClient client() {
    return client;
  }

  /** The properties of the broker's CONNACK. */
  MqttProperties connackProperties() {
    return connectToken.getResponseProperties();
  }

  void subscribe(MqttSubscription subscription) throws MqttException {
    client.subscribe(subscription).waitForCompletion(WAIT_MILLIS);
  }

  /** The topic of the next message, failing after five seconds. */
  String next() throws InterruptedException {
    String topic = topics.poll(WAIT_MILLIS, TimeUnit.MILLISECONDS);
    assertThat(topic).as("a message within 5 s").isNotNull();
    return topic;
  }

  /** The next message received, failing after five seconds. */
  MqttMessage nextMessage() throws InterruptedException {
    topics.poll();
    MqttMessage message = messages.poll(WAIT_MILLIS, TimeUnit.MILLISECONDS);
    assertThat(message).as("a message within 5 s").isNotNull();
    return message;
  }

  /** Messages received and not taken yet. */
  int pending() {
    return messages.size();
  }

  /** The DISCONNECT the broker sent, if any. */
  MqttDisconnectResponse disconnected() {
    return disconnected;
  }

  @Override
  public void close() throws MqttException {
    if (client.isConnected()) {
      client.disconnectForcibly(0, 1000, false);
    }
    client.close(true);
  }
}
