package dev.aedes.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.datatypes.MqttUtf8String;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAck;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckRestrictions;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The mqtt5.* flags reach an MQTT 5 client (HiveMQ) in the server's CONNACK. */
class Mqtt5CapabilitiesIT {
  @Test
  void connackAnnouncesTheConfiguredCapabilities() throws Exception {
    try (AedesServer server = TestServer.start("--mqtt5-maximum-qos", "1",
        "--mqtt5-topic-alias-maximum", "5", "--mqtt5-receive-maximum=20",
        "--mqtt5-server-keep-alive=30", "--mqtt5-retain-available=false",
        "--mqtt5-wildcard-subscription-available=false",
        "--mqtt5-subscription-identifiers-available=false",
        "--mqtt5-shared-subscription-available=false",
        "--mqtt5-response-information=replies/")) {
      Mqtt5BlockingClient client = MqttClient.builder().useMqttVersion5().identifier("caps")
          .serverHost("127.0.0.1").serverPort(server.port(Listener.TCP)).buildBlocking();
      Mqtt5ConnAck connack = client.connectWith().restrictions()
          .requestResponseInformation(true).applyRestrictions().send();
      client.disconnect();
      Mqtt5ConnAckRestrictions restrictions = connack.getRestrictions();
      assertThat(restrictions.getMaximumQos()).isEqualTo(MqttQos.AT_LEAST_ONCE);
      assertThat(restrictions.getTopicAliasMaximum()).isEqualTo(5);
      assertThat(restrictions.getReceiveMaximum()).isEqualTo(20);
      assertThat(restrictions.isRetainAvailable()).isFalse();
      assertThat(restrictions.isWildcardSubscriptionAvailable()).isFalse();
      assertThat(restrictions.areSubscriptionIdentifiersAvailable()).isFalse();
      assertThat(restrictions.isSharedSubscriptionAvailable()).isFalse();
      assertThat(connack.getServerKeepAlive()).isEqualTo(OptionalInt.of(30));
      assertThat(connack.getResponseInformation()).isEqualTo(
          Optional.of(MqttUtf8String.of("replies/")));
    }
  }

  @Test
  void defaultsAnnounceFullCapabilities() throws Exception {
    try (AedesServer server = TestServer.start()) {
      Mqtt5BlockingClient client = MqttClient.builder().useMqttVersion5().identifier("full")
          .serverHost("127.0.0.1").serverPort(server.port(Listener.TCP)).buildBlocking();
      Mqtt5ConnAck connack = client.connectWith().restrictions()
          .requestResponseInformation(true).applyRestrictions().send();
      client.disconnect();
      Mqtt5ConnAckRestrictions restrictions = connack.getRestrictions();
      assertThat(restrictions.getMaximumQos()).isEqualTo(MqttQos.EXACTLY_ONCE);
      assertThat(restrictions.getTopicAliasMaximum()).isEqualTo(10);
      assertThat(restrictions.getReceiveMaximum()).isEqualTo(65_535);
      assertThat(restrictions.isRetainAvailable()).isTrue();
      assertThat(restrictions.isWildcardSubscriptionAvailable()).isTrue();
      assertThat(connack.getServerKeepAlive()).isEmpty();
      assertThat(connack.getResponseInformation()).isEmpty();
    }
  }
}
