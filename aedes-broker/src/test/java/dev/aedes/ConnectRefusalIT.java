package dev.aedes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aedes.hooks.AuthenticationException;
import java.util.concurrent.CompletableFuture;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** A refused CONNECT is answered with its CONNACK return code before the connection closes. */
class ConnectRefusalIT {
  @Test
  @DisplayName("[MQTT-3.2.2-5] the refusing CONNACK reaches the client before the close")
  void refusedClientReadsTheReturnCodeOfTheAuthenticateHook() throws Exception {
    try (TestBroker broker = TestBroker.start()) {
      broker.aedes().authenticate((client, username, password) -> CompletableFuture.failedFuture(
          new AuthenticationException(4, "bad credentials")));
      MqttClient paho = new MqttClient(broker.uri(), "refused", new MemoryPersistence());
      MqttConnectOptions options = new MqttConnectOptions();
      options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
      options.setUserName("u");
      options.setPassword("p".toCharArray());
      try {
        assertThatThrownBy(() -> paho.connect(options))
            .isInstanceOfSatisfying(MqttException.class, e -> assertThat(e.getReasonCode())
                .isEqualTo(MqttException.REASON_CODE_FAILED_AUTHENTICATION));
      } finally {
        paho.close(true);
      }
    }
  }
}
