package dev.aedes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.disconnect.Mqtt5DisconnectReasonCode;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** SCRAM-SHA-256 enhanced authentication with the HiveMQ MQTT Client's mechanism API. */
class EnhancedAuthHiveIT {

  private static Mqtt5BlockingClient client(TestBroker broker, HiveScram scram) {
    return MqttClient.builder().useMqttVersion5().identifier("hive-scram")
        .serverHost("127.0.0.1").serverPort(broker.port()).enhancedAuth(scram).buildBlocking();
  }

  @Test
  @DisplayName("[MQTT-4.12.0-2] HiveMQ connects with SCRAM-SHA-256 and verifies the server's signature")
  void hiveConnectsWithScram() throws Exception {
    try (TestBroker broker = EnhancedAuthIT.scramBroker()) {
      HiveScram scram = new HiveScram("alice", "wonderland");
      Mqtt5BlockingClient client = client(broker, scram);
      assertThat(client.connect().getReasonCode()).isEqualTo(Mqtt5ConnAckReasonCode.SUCCESS);
      assertThat(scram.serverVerified).hasValue(1);
      client.disconnect();
    }
  }

  @Test
  void hiveWithAWrongPasswordIsRefusedWithNotAuthorized() throws Exception {
    try (TestBroker broker = EnhancedAuthIT.scramBroker()) {
      Mqtt5BlockingClient client = client(broker, new HiveScram("alice", "rabbit"));
      assertThatThrownBy(client::connect).isInstanceOfSatisfying(Mqtt5ConnAckException.class,
          e -> assertThat(e.getMqttMessage().getReasonCode())
              .isEqualTo(Mqtt5ConnAckReasonCode.NOT_AUTHORIZED));
    }
  }

  @Test
  @DisplayName("[MQTT-4.12.1-1] HiveMQ re-authenticates on a live connection")
  void hiveReauthenticates() throws Exception {
    try (TestBroker broker = EnhancedAuthIT.scramBroker()) {
      HiveScram scram = new HiveScram("alice", "wonderland");
      Mqtt5BlockingClient client = client(broker, scram);
      client.connect();
      client.toAsync().reauth().get(5, TimeUnit.SECONDS);
      assertThat(scram.serverVerified).hasValue(2);
      assertThat(client.getState().isConnected()).isTrue();
      client.disconnect();
    }
  }

  @Test
  @DisplayName("[MQTT-4.12.1-2] HiveMQ's failed re-authentication ends with DISCONNECT Not authorized")
  void hiveFailedReauthenticationDisconnects() throws Exception {
    try (TestBroker broker = EnhancedAuthIT.scramBroker()) {
      HiveScram scram = new HiveScram("alice", "wonderland");
      Mqtt5BlockingClient client = client(broker, scram);
      client.connect();
      scram.password("red queen");
      client.toAsync().reauth().handle((v, e) -> null).get(5, TimeUnit.SECONDS);
      await().atMost(Duration.ofSeconds(5)).until(() -> scram.reauthRejected.get() != null);
      assertThat(scram.reauthRejected.get().getReasonCode())
          .isEqualTo(Mqtt5DisconnectReasonCode.NOT_AUTHORIZED);
      await().atMost(Duration.ofSeconds(5)).until(() -> !client.getState().isConnected());
    }
  }
}
