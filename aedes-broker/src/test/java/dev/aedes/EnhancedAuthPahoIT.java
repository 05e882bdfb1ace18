package dev.aedes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aedes.hooks.AuthStep;
import dev.aedes.packet.ReasonCode;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Enhanced authentication with Eclipse Paho mqttv5, as far as it goes: Paho 1.2.5 cannot send
 * AUTH before its CONNACK ("Client is not connected"), and its AUTH has fixed header flags 0x1
 * (malformed, [MQTT-2.2.2-2]), so multi-step methods such as SCRAM and re-authentication are out
 * of its reach; a one-step method in CONNECT is not.
 */
class EnhancedAuthPahoIT {

  @Test
  @DisplayName("[MQTT-4.12.0-1] Paho with an unknown Authentication Method gets CONNACK 0x8C")
  void pahoUnknownMethod() throws Exception {
    try (TestBroker broker = EnhancedAuthIT.scramBroker()) {
      MqttAsyncClient paho = new MqttAsyncClient(broker.uri(), "paho", new MemoryPersistence());
      try {
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setAuthMethod("GSSAPI");
        options.setAuthData(new byte[] {1, 2});
        assertThatThrownBy(() -> paho.connect(options).waitForCompletion(5000))
            .isInstanceOfSatisfying(MqttException.class,
                e -> assertThat(e.getReasonCode()).isEqualTo(0x8C));
      } finally {
        paho.close();
      }
    }
  }

  /** A one-step method: the CONNECT's (or AUTH 0x19's) data must be the token. */
  private static TestBroker tokenBroker() throws Exception {
    TestBroker broker = TestBroker.start();
    broker.aedes().enhancedAuthenticator("TOKEN", (client, method, data) ->
        CompletableFuture.completedFuture(Arrays.equals(data, bytes("s3cret"))
            ? AuthStep.success(bytes("welcome"))
            : AuthStep.failure(ReasonCode.NOT_AUTHORIZED, "token rejected")));
    return broker;
  }

  @Test
  @DisplayName("[MQTT-4.12.0-5] Paho: a one-step method in CONNECT, CONNACK 0 with the method and data; a wrong token CONNACK 0x87")
  void pahoOneStepMethod() throws Exception {
    try (TestBroker broker = tokenBroker()) {
      MqttAsyncClient paho = new MqttAsyncClient(broker.uri(), "paho", new MemoryPersistence());
      try {
        IMqttToken token = paho.connect(options("s3cret"));
        token.waitForCompletion(5000);
        assertThat(paho.isConnected()).isTrue();
        assertThat(token.getResponseProperties().getAuthenticationMethod()).isEqualTo("TOKEN");
        assertThat(token.getResponseProperties().getAuthenticationData())
            .isEqualTo(bytes("welcome"));
        paho.disconnect().waitForCompletion(5000);
      } finally {
        paho.close();
      }
      MqttAsyncClient stranger = new MqttAsyncClient(broker.uri(), "x", new MemoryPersistence());
      try {
        assertThatThrownBy(() -> stranger.connect(options("stolen")).waitForCompletion(5000))
            .isInstanceOfSatisfying(MqttException.class,
                e -> assertThat(e.getReasonCode()).isEqualTo(0x87));
      } finally {
        stranger.close();
      }
    }
  }

  private static MqttConnectionOptions options(String token) {
    MqttConnectionOptions options = new MqttConnectionOptions();
    options.setAuthMethod("TOKEN");
    options.setAuthData(bytes(token));
    return options;
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
