package dev.aedes.server;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * Publishes numbered messages at one QoS on a Paho async client, up to {@code window} in
 * flight, and records which ones the broker acknowledged (PUBACK for QoS 1, PUBCOMP for QoS 2).
 */
final class CrashPublisher implements AutoCloseable {
  private static final int WINDOW = 64;
  private final MqttAsyncClient client;
  private final String topic;
  private final int qos;
  private final Semaphore window = new Semaphore(WINDOW);
  final Set<Integer> acknowledged = ConcurrentHashMap.newKeySet();

  CrashPublisher(String uri, String clientId, String topic, int qos) throws MqttException {
    this.client = new MqttAsyncClient(uri, clientId, new MemoryPersistence());
    this.topic = topic;
    this.qos = qos;
    MqttConnectOptions options = PahoClient.options(null);
    options.setMaxInflight(WINDOW * 2);
    client.connect(options).waitForCompletion(5000);
  }

  /**
   * Sends message {@code number} once a slot in the window is free; false when none frees up
   * within a second or the connection is gone (the server was killed).
   */
  boolean publish(int number) throws InterruptedException {
    if (!client.isConnected() || !window.tryAcquire(1, TimeUnit.SECONDS)) {
      return false;
    }
    try {
      client.publish(topic + "/" + number, Integer.toString(number)
          .getBytes(StandardCharsets.UTF_8), qos, false, null, new IMqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
              acknowledged.add(number);
              window.release();
            }

            @Override
            public void onFailure(IMqttToken token, Throwable cause) {
              window.release();
            }
          });
      return true;
    } catch (MqttException e) {
      window.release();
      return false;
    }
  }

  @Override
  public void close() throws MqttException {
    if (client.isConnected()) {
      client.disconnectForcibly(0, 1000);
    }
    client.close(true);
  }
}
