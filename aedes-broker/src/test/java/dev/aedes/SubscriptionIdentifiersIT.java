package dev.aedes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aedes.packet.ConnectPacket;
import dev.aedes.packet.DisconnectPacket;
import dev.aedes.packet.Properties;
import dev.aedes.packet.PublishPacket;
import dev.aedes.packet.SubackPacket;
import dev.aedes.packet.SubscribePacket;
import dev.aedes.packet.Subscription;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Subscription Identifiers: kept with the subscription, sent with the messages it matches,
 * all of them when several subscriptions of a client match; never accepted from a client.
 */
class SubscriptionIdentifiersIT {

  static RawClient connect5(TestBroker broker, String clientId) throws Exception {
    RawClient client = RawClient.open(broker);
    assertThat(client.connect(ConnectPacket.of(5, clientId, true, 0)).reasonCode()).isZero();
    return client;
  }

  static SubackPacket subscribe(RawClient client, int messageId, int identifier,
      Subscription... subscriptions) throws InterruptedException {
    Properties properties = identifier == 0 ? Properties.EMPTY
        : Properties.builder().subscriptionIdentifier(identifier).build();
    client.send(new SubscribePacket(messageId, List.of(subscriptions), properties));
    return client.expect(SubackPacket.class);
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  @DisplayName("[MQTT-3.3.4-3] Paho receives the Subscription Identifier of its subscription")
  void pahoReceivesTheIdentifier() throws Exception {
    try (TestBroker broker = TestBroker.start();
        Paho5Client paho = Paho5Client.connect(broker, "subid-paho")) {
      MqttProperties properties = new MqttProperties();
      properties.setSubscriptionIdentifier(42);
      assertThat(paho.subscribe(new MqttSubscription("ids/+", 1), properties))
          .containsExactly(1);
      paho.publish("ids/a", "hello", 1, false);
      Paho5Client.Received got = paho.next();
      assertThat(got.payload()).isEqualTo("hello");
      assertThat(got.message().getProperties().getSubscriptionIdentifiers()).containsExactly(42);
    }
  }

  @Test
  @DisplayName("[MQTT-3.3.4-4] one copy for overlapping subscriptions carries every matching "
      + "Subscription Identifier; a subscription without one adds none")
  void overlappingSubscriptionsCarryAllIdentifiers() throws Exception {
    try (TestBroker broker = TestBroker.start();
        RawClient sub = connect5(broker, "subid-raw");
        RawClient pub = connect5(broker, "subid-pub")) {
      subscribe(sub, 1, 1, new Subscription("ov/#", 0));
      subscribe(sub, 2, 2, new Subscription("ov/+/x", 1));
      subscribe(sub, 3, 0, new Subscription("ov/a/x", 0));
      pub.send(new PublishPacket("ov/a/x", utf8("m"), 0, 0, false));
      PublishPacket got = sub.expect(PublishPacket.class);
      assertThat(got.qos()).as("highest granted QoS").isZero();
      assertThat(got.properties().subscriptionIdentifiers()).containsExactlyInAnyOrder(1, 2);
      pub.send(new PublishPacket("ov/b", utf8("n"), 0, 0, false));
      assertThat(sub.expect(PublishPacket.class).properties().subscriptionIdentifiers())
          .containsExactly(1);
    }
  }

  @Test
  @DisplayName("[MQTT-3.3.4-3] a retained message sent at subscribe carries the identifier; "
      + "re-subscribing without one removes it")
  void retainedMessageCarriesTheIdentifier() throws Exception {
    try (TestBroker broker = TestBroker.start();
        RawClient sub = connect5(broker, "subid-ret")) {
      sub.send(new PublishPacket("ret/a", utf8("kept"), 0, 0, true));
      subscribe(sub, 1, 9, new Subscription("ret/a", 0));
      PublishPacket retained = sub.expect(PublishPacket.class);
      assertThat(retained.retain()).isTrue();
      assertThat(retained.properties().subscriptionIdentifiers()).containsExactly(9);
      subscribe(sub, 2, 0, new Subscription("ret/a", 0, false, false, 2));
      sub.send(new PublishPacket("ret/a", utf8("live"), 0, 0, false));
      assertThat(sub.expect(PublishPacket.class).properties().subscriptionIdentifiers())
          .isEmpty();
    }
  }

  @Test
  @DisplayName("[MQTT-3.3.4-6] a PUBLISH from a client with a Subscription Identifier is a "
      + "Protocol Error: DISCONNECT 0x82")
  void subscriptionIdentifierFromClientIsProtocolError() throws Exception {
    try (TestBroker broker = TestBroker.start();
        RawClient client = connect5(broker, "subid-bad")) {
      client.send(new PublishPacket(false, 0, false, "x", 0, utf8("y"),
          Properties.builder().subscriptionIdentifier(3).build()));
      assertThat(client.expect(DisconnectPacket.class).reasonCode()).isEqualTo(0x82);
      client.awaitClosed();
    }
  }

  @Test
  @DisplayName("a 3.1.1 subscriber gets messages of an MQTT 5 publisher without identifiers")
  void mqtt311SubscriberGetsNoIdentifiers() throws Exception {
    try (TestBroker broker = TestBroker.start();
        RawClient v4 = RawClient.connected(broker, "subid-v4", true);
        RawClient v5 = connect5(broker, "subid-v5")) {
      v4.subscribe(1, new Subscription("mix/t", 1));
      v5.send(new PublishPacket(false, 0, false, "mix/t", 0, utf8("x"),
          Properties.builder().userProperty("k", "v").build()));
      PublishPacket got = v4.expect(PublishPacket.class);
      assertThat(got.payload()).isEqualTo(utf8("x"));
      assertThat(got.properties().subscriptionIdentifiers()).isEmpty();
    }
  }
}
