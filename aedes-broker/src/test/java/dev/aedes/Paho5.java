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
 * Eclipse Paho mqttv5 as an independent peer: clean start, its own Subscription Identifiers
 * off (so a test sets them), every message it receives queued for the test in order.
 */
final class Paho5 implements AutoCloseable {
  private static final long WAIT_SECONDS = 5;

  /** A message as Paho delivered it. */
  record Received(String topic, MqttMessage message) {
    String payload() {
      return new String(message.getPayload(), StandardCharsets.UTF_8);
    }
  }

  private final MqttAsyncClient client;
  private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();

  private Paho5(MqttAsyncClient client) {
    this.client = client;
  }

  static Paho5 connect(TestBroker broker, String clientId) throws MqttException {
    Paho5 paho = new Paho5(new MqttAsyncClient(broker.uri(), clientId, new MemoryPersistence()));
    paho.client.setCallback(new MqttCallback() {
      @Override
      public void disconnected(MqttDisconnectResponse response) {
      }

      @Override
      public void mqttErrorOccurred(MqttException exception) {
      }

      @Override
      public void messageArrived(String topic, MqttMessage message) {
        paho.received.add(new Received(topic, message));
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
    MqttConnectionOptions options = new MqttConnectionOptions();
    options.setCleanStart(true);
    options.setUseSubscriptionIdentifiers(false);
    paho.client.connect(options).waitForCompletion(WAIT_SECONDS * 1000);
    return paho;
  }

  /** Subscribes with these properties (null for none); returns the SUBACK reason codes. */
  int[] subscribe(MqttSubscription subscription, MqttProperties properties)
      throws MqttException {
    IMqttToken token = client.subscribe(new MqttSubscription[] {subscription}, null, null,
        properties == null ? new MqttProperties() : properties);
    token.waitForCompletion(WAIT_SECONDS * 1000);
    return token.getReasonCodes();
  }

  void publish(String topic, String payload, int qos, boolean retain) throws MqttException {
    MqttMessage message = new MqttMessage(payload.getBytes(StandardCharsets.UTF_8));
    message.setQos(qos);
    message.setRetained(retain);
    client.publish(topic, message).waitForCompletion(WAIT_SECONDS * 1000);
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

  @Override
  public void close() throws MqttException {
    if (client.isConnected()) {
      client.disconnectForcibly(0, 1000, false);
    }
    client.close(true);
  }
}
