package dev.aedes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAck;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import dev.aedes.hooks.AuthenticationException;
import dev.aedes.packet.ConnackPacket;
import dev.aedes.packet.ConnectPacket;
import dev.aedes.packet.Properties;
import dev.aedes.packet.ReasonCode;
import java.util.concurrent.CompletableFuture;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * CONNACK reason codes and Reason Strings from the {@code authenticate} hook, and Response
 * Information ([MQTT 5.0] 3.2.2.2, 3.2.2.3).
 */
class ConnackReasonIT {

  private static TestBroker refusing(AuthenticationException refusal) throws Exception {
    TestBroker broker = TestBroker.start();
    broker.aedes().authenticate((c, user, password) -> CompletableFuture.failedFuture(refusal));
    return broker;
  }

  private static ConnackPacket rawConnack(TestBroker broker, int version, Properties properties)
      throws Exception {
    try (RawClient client = RawClient.open(broker)) {
      ConnackPacket connack = client.connect(ConnectPacket.of(version, "c", true, 0)
          .withProperties(properties));
      if (connack.reasonCode() != 0) {
        client.awaitClosed();
      }
      return connack;
    }
  }

  @Test
  @DisplayName("AuthenticationException(reason code, Reason String): CONNACK 0x86 with the Reason String at 5.0, return code 4 at 3.1.1")
  void reasonCodeAndStringFromTheHook() throws Exception {
    try (TestBroker broker = refusing(new AuthenticationException(
        ReasonCode.BAD_USER_NAME_OR_PASSWORD, "password expired"))) {
      ConnackPacket v5 = rawConnack(broker, 5, Properties.EMPTY);
      assertThat(v5.reasonCode()).isEqualTo(0x86);
      assertThat(v5.properties().reasonString()).isEqualTo("password expired");
      assertThat(rawConnack(broker, 4, Properties.EMPTY).returnCode()).isEqualTo(4);
    }
  }

  @Test
  @DisplayName("[MQTT-3.1.2-29] a CONNACK may carry the Reason String even with Request Problem Information 0")
  void connackKeepsReasonStringWithoutProblemInformation() throws Exception {
    try (TestBroker broker = refusing(new AuthenticationException(ReasonCode.BANNED, "banned"))) {
      ConnackPacket v5 = rawConnack(broker, 5,
          Properties.builder().requestProblemInformation(false).build());
      assertThat(v5.reasonCode()).isEqualTo(0x8A);
      assertThat(v5.properties().reasonString()).isEqualTo("banned");
      assertThat(rawConnack(broker, 4, Properties.EMPTY).returnCode()).isEqualTo(5);
    }
  }

  @Test
  void returnCodeConstructorMapsToItsReasonCode() throws Exception {
    try (TestBroker broker = refusing(new AuthenticationException(3, "down"))) {
      ConnackPacket v5 = rawConnack(broker, 5, Properties.EMPTY);
      assertThat(v5.reasonCode()).isEqualTo(0x88);
      assertThat(v5.properties().reasonString()).isNull();
    }
  }

  @Test
  void hiveAndPahoSeeTheReasonCodeAndString() throws Exception {
    try (TestBroker broker = refusing(new AuthenticationException(
        ReasonCode.BAD_USER_NAME_OR_PASSWORD, "password expired"))) {
      Mqtt5BlockingClient hive = MqttClient.builder().useMqttVersion5().identifier("hive")
          .serverHost("127.0.0.1").serverPort(broker.port()).buildBlocking();
      assertThatThrownBy(hive::connect).isInstanceOfSatisfying(Mqtt5ConnAckException.class, e -> {
        Mqtt5ConnAck connack = e.getMqttMessage();
        assertThat(connack.getReasonCode())
            .isEqualTo(Mqtt5ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD);
        assertThat(connack.getReasonString().map(Object::toString)).contains("password expired");
      });
      org.eclipse.paho.mqttv5.client.MqttClient paho = new org.eclipse.paho.mqttv5.client.MqttClient(
          broker.uri(), "paho", new MemoryPersistence());
      try {
        assertThatThrownBy(() -> paho.connect(new MqttConnectionOptions()))
            .isInstanceOfSatisfying(MqttException.class,
                e -> assertThat(e.getReasonCode()).isEqualTo(0x86));
      } finally {
        paho.close();
      }
    }
  }

  @Test
  @DisplayName("[MQTT-3.1.2-28] Response Information only when configured and requested")
  void responseInformation() throws Exception {
    try (TestBroker broker = TestBroker.start(
        new AedesOptions().responseInformation("responses/"))) {
      Properties asked = Properties.builder().requestResponseInformation(true).build();
      assertThat(rawConnack(broker, 5, asked).properties().responseInformation())
          .isEqualTo("responses/");
      assertThat(rawConnack(broker, 5, Properties.EMPTY).properties().responseInformation())
          .isNull();
      Mqtt5BlockingClient hive = MqttClient.builder().useMqttVersion5().identifier("hive")
          .serverHost("127.0.0.1").serverPort(broker.port()).buildBlocking();
      Mqtt5ConnAck connack = hive.connectWith().restrictions().requestResponseInformation(true)
          .applyRestrictions().send();
      assertThat(connack.getResponseInformation().map(Object::toString)).contains("responses/");
      hive.disconnect();
    }
    try (TestBroker broker = TestBroker.start()) {
      Properties asked = Properties.builder().requestResponseInformation(true).build();
      assertThat(rawConnack(broker, 5, asked).properties().responseInformation()).isNull();
    }
  }
}
