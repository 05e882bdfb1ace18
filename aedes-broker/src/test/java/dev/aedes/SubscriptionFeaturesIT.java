package dev.aedes;

import static dev.aedes.SubscriptionIdentifiersIT.subscribe;
import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckRestrictions;
import com.hivemq.client.mqtt.mqtt5.message.unsubscribe.unsuback.Mqtt5UnsubAckReasonCode;
import dev.aedes.packet.ConnackPacket;
import dev.aedes.packet.ConnectPacket;
import dev.aedes.packet.Properties;
import dev.aedes.packet.PublishPacket;
import dev.aedes.packet.Subscription;
import dev.aedes.packet.UnsubackPacket;
import dev.aedes.packet.UnsubscribePacket;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * What CONNACK announces about subscriptions (Wildcard, Subscription Identifier and Shared
 * Subscription Available), SUBACK refusals when a feature is switched off, and UNSUBACK reason
 * codes.
 */
class SubscriptionFeaturesIT {

  @Test
  @DisplayName("[MQTT 5.0 3.2.2.3] CONNACK announces wildcard, identifier and shared "
      + "subscriptions available by default (HiveMQ)")
  void connackAnnouncesFeatures() throws Exception {
    try (TestBroker broker = TestBroker.start()) {
      Mqtt5BlockingClient client = MqttClient.builder().useMqttVersion5().identifier("feat")
          .serverHost("127.0.0.1").serverPort(broker.port()).buildBlocking();
      Mqtt5ConnAckRestrictions restrictions = client.connect().getRestrictions();
      try {
        assertThat(restrictions.isWildcardSubscriptionAvailable()).isTrue();
        assertThat(restrictions.areSubscriptionIdentifiersAvailable()).isTrue();
        assertThat(restrictions.isSharedSubscriptionAvailable()).isTrue();
      } finally {
        client.disconnect();
      }
    }
  }

  @Test
  @DisplayName("switched-off features are announced as 0 in CONNACK and refused in SUBACK "
      + "with 0xA2, 0xA1, 0x9E")
  void switchedOffFeaturesAreRefused() throws Exception {
    AedesOptions options = new AedesOptions().wildcardSubscriptionAvailable(false)
        .subscriptionIdentifiersAvailable(false).sharedSubscriptionAvailable(false);
    try (TestBroker broker = TestBroker.start(options);
        RawClient client = RawClient.open(broker)) {
      ConnackPacket connack = client.connect(ConnectPacket.of(5, "off", true, 0));
      Properties announced = connack.properties();
      assertThat(announced.wildcardSubscriptionAvailable()).isFalse();
      assertThat(announced.subscriptionIdentifiersAvailable()).isFalse();
      assertThat(announced.sharedSubscriptionAvailable()).isFalse();
      assertThat(client.subscribe(1, new Subscription("w/+", 0), new Subscription("w/#", 0),
          new Subscription("$share/g/t", 0), new Subscription("plain", 1)).granted())
          .containsExactly(0xA2, 0xA2, 0x9E, 1);
      assertThat(subscribe(client, 2, 5, new Subscription("with/id", 0)).granted())
          .containsExactly(0xA1);
    }
  }

  @Test
  @DisplayName("a 3.1.1 client gets 0x80 for a switched-off feature")
  void switchedOffFeaturesForMqtt311() throws Exception {
    AedesOptions options = new AedesOptions().wildcardSubscriptionAvailable(false)
        .sharedSubscriptionAvailable(false);
    try (TestBroker broker = TestBroker.start(options);
        RawClient client = RawClient.connected(broker, "off-v4", true)) {
      assertThat(client.subscribe(1, new Subscription("w/#", 0),
          new Subscription("$share/g/t", 0), new Subscription("plain", 0)).granted())
          .containsExactly(0x80, 0x80, 0);
    }
  }

  @Test
  @DisplayName("[MQTT-3.11.3-1] UNSUBACK has 0x00 for a removed subscription, 0x11 for none, "
      + "also for shared ones, which then get no more messages")
  void unsubackReasonCodes() throws Exception {
    try (TestBroker broker = TestBroker.start();
        RawClient client = SubscriptionIdentifiersIT.connect5(broker, "unsub")) {
      client.subscribe(1, new Subscription("u/a", 0), new Subscription("$share/g/u/b", 0));
      client.send(new UnsubscribePacket(2, List.of("u/a", "u/none", "$share/g/u/b",
          "$share/other/u/b")));
      assertThat(client.expect(UnsubackPacket.class).granted())
          .containsExactly(0x00, 0x11, 0x00, 0x11);
      client.subscribe(3, new Subscription("u/marker", 0));
      client.send(new PublishPacket("u/b", new byte[] {1}, 0, 0, false));
      client.send(new PublishPacket("u/marker", new byte[] {2}, 0, 0, false));
      assertThat(client.expect(PublishPacket.class).topic()).isEqualTo("u/marker");
    }
  }

  @Test
  @DisplayName("[MQTT-3.11.3-1] UNSUBACK reason codes as the HiveMQ client sees them")
  void unsubackReasonCodesWithHiveMq() throws Exception {
    try (TestBroker broker = TestBroker.start();
        HiveClient hive = HiveClient.connect(broker, "unsub-hive")) {
      hive.client().subscribeWith().topicFilter("h/a").send();
      assertThat(hive.client().unsubscribeWith().topicFilter("h/a").addTopicFilter("h/none")
          .send().getReasonCodes()).containsExactly(Mqtt5UnsubAckReasonCode.SUCCESS,
              Mqtt5UnsubAckReasonCode.NO_SUBSCRIPTIONS_EXISTED);
    }
  }
}
