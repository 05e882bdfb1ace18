package dev.aedes.server;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.SocketFactory;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/** A Paho mqttv3 client that queues what it receives; closing disconnects it. */
final class PahoClient implements AutoCloseable {
  final MqttClient client;
  final BlockingQueue<String> received = new LinkedBlockingQueue<>();
  /** With manual acks: QoS 1/2 messages received and not yet acknowledged, oldest first. */
  final BlockingQueue<MqttMessage> unacked = new LinkedBlockingQueue<>();

  private PahoClient(String uri, String clientId) throws MqttException {
    this.client = new MqttClient(uri, clientId, new MemoryPersistence());
    // Paho can leave a QoS 0 publish waiting forever when the broker closes mid-write
    client.setTimeToWait(10_000);
    client.setCallback(new MqttCallback() {
      @Override
      public void connectionLost(Throwable cause) {
      }

      @Override
      public void messageArrived(String topic, MqttMessage message) {
        if (message.getQos() > 0) {
          unacked.add(message);
        }
        received.add(topic + "=" + new String(message.getPayload()) + "@" + message.getQos());
      }

      @Override
      public void deliveryComplete(IMqttDeliveryToken token) {
      }
    });
  }

  static PahoClient connect(String uri, String clientId) throws MqttException {
    return connect(uri, clientId, options(null));
  }

  static PahoClient connect(String uri, String clientId, MqttConnectOptions options)
      throws MqttException {
    PahoClient paho = new PahoClient(uri, clientId);
    try {
      paho.client.connect(options);
    } catch (MqttException e) {
      paho.client.close(true);
      throw e;
    }
    return paho;
  }

  /** A client that acknowledges QoS 1/2 messages only on {@link #ackOldest()}. */
  static PahoClient connectManualAcks(String uri, String clientId) throws MqttException {
    return connectManualAcks(uri, clientId, options(null));
  }

  /** {@link #connectManualAcks(String, String)} with these options. */
  static PahoClient connectManualAcks(String uri, String clientId, MqttConnectOptions options)
      throws MqttException {
    PahoClient paho = new PahoClient(uri, clientId);
    paho.client.setManualAcks(true);
    try {
      paho.client.connect(options);
    } catch (MqttException e) {
      paho.client.close(true);
      throw e;
    }
    return paho;
  }

  void ackOldest() throws MqttException {
    MqttMessage message = unacked.poll();
    if (message == null) {
      throw new AssertionError("no message to acknowledge");
    }
    client.messageArrivedComplete(message.getId(), message.getQos());
  }

  static MqttConnectOptions options(SocketFactory sockets) {
    MqttConnectOptions options = new MqttConnectOptions();
    options.setCleanSession(true);
    options.setAutomaticReconnect(false);
    options.setConnectionTimeout(5);
    // One TCP connection per attempt: no fallback from 3.1.1 to 3.1 on a refused connect.
    options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
    if (sockets != null) {
      options.setSocketFactory(sockets);
    }
    return options;
  }

  void subscribe(String filter, int qos) throws MqttException {
    client.subscribe(filter, qos);
  }

  void publish(String topic, String payload, int qos) throws MqttException {
    client.publish(topic, payload.getBytes(), qos, false);
  }

  String next() throws InterruptedException {
    return received.poll(5, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws MqttException {
    if (client.isConnected()) {
      try {
        client.disconnect(1000);
      } catch (MqttException e) {
        // the server closed the connection meanwhile (a test that stops it): nothing to end
        if (e.getReasonCode() != MqttException.REASON_CODE_CLIENT_DISCONNECTING
            && e.getReasonCode() != MqttException.REASON_CODE_CLIENT_ALREADY_DISCONNECTED) {
          throw e;
        }
      }
    }
    client.close(true);
  }
}
