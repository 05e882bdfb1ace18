package dev.aedes;

import static dev.aedes.TopicAliasIT.connect5;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAck;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import dev.aedes.packet.ConnectPacket;
import dev.aedes.packet.DisconnectPacket;
import dev.aedes.packet.Properties;
import dev.aedes.packet.PubackPacket;
import dev.aedes.packet.PublishPacket;
import dev.aedes.packet.Subscription;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Maximum Packet Size, both directions. */
class MaximumPacketSizeIT {
  private static final byte[] BIG = new byte[500];
  private static final byte[] SMALL = {'s'};

  @Test
  @DisplayName("[MQTT-3.2.2-15] the broker's maxPacketSize is announced in CONNACK (HiveMQ, Paho); "
      + "none by default")
  void maximumPacketSizeAnnounced() throws Exception {
    try (TestBroker broker = TestBroker.start(new AedesOptions().maxPacketSize(300));
        TestBroker unlimited = TestBroker.start();
        Paho5Client paho = Paho5Client.connect(broker, "mps-paho",
            new MqttConnectionOptions(), false);
        RawClient raw = RawClient.open(unlimited)) {
      Mqtt5BlockingClient hive = MqttClient.builder().useMqttVersion5().identifier("mps-hive")
          .serverHost("127.0.0.1").serverPort(broker.port()).buildBlocking();
      Mqtt5ConnAck connack = hive.connect();
      hive.disconnect();
      assertThat(connack.getRestrictions().getMaximumPacketSize()).isEqualTo(300);
      assertThat(paho.connackProperties().getMaximumPacketSize()).isEqualTo(300L);
      assertThat(raw.connect(connect5("mps-raw", Properties.EMPTY)).properties()
          .maximumPacketSize()).isNull();
    }
  }

  @Test
  @DisplayName("[MQTT-3.2.2-15] a packet larger than the broker's maximum gets DISCONNECT 0x95")
  void inboundPacketTooLarge() throws Exception {
    try (TestBroker broker = TestBroker.start(new AedesOptions().maxPacketSize(300));
        RawClient client = RawClient.open(broker)) {
      client.connect(connect5("too-large", Properties.EMPTY));
      client.send(new PublishPacket("t", BIG, 0, 0, false));
      assertThat(client.expect(DisconnectPacket.class).reasonCode()).isEqualTo(0x95);
      client.awaitClosed();
    }
  }

  @Test
  @DisplayName("[MQTT-3.1.2-24] [MQTT-3.1.2-25] a message larger than the client's Maximum Packet "
      + "Size is dropped for that client, counted, and later ones still flow")
  void outboundTooLargeDropped() throws Exception {
    try (TestBroker broker = TestBroker.start();
        RawClient small = RawClient.open(broker);
        RawClient large = RawClient.open(broker);
        RawClient pub = RawClient.open(broker)) {
      small.connect(connect5("small", Properties.builder().maximumPacketSize(100).build()));
      small.subscribe(1, new Subscription("big/#", 1));
      large.connect(connect5("large", Properties.EMPTY));
      large.subscribe(1, new Subscription("big/#", 1));
      pub.connect(connect5("mps-pub", Properties.EMPTY));
      pub.send(new PublishPacket("big/1", BIG, 1, 1, false));
      pub.expect(PubackPacket.class);
      pub.send(new PublishPacket("big/2", SMALL, 1, 2, false));
      pub.expect(PubackPacket.class);
      PublishPacket big = large.expect(PublishPacket.class);
      assertThat(big.payload()).hasSize(BIG.length);
      large.send(new PubackPacket(big.messageId()));
      PublishPacket got = small.expect(PublishPacket.class);
      assertThat(got.topic()).as("the oversized one never arrives").isEqualTo("big/2");
      assertThat(broker.aedes().droppedMessages()).isEqualTo(1);
      small.send(new PubackPacket(got.messageId()));
      large.send(new PubackPacket(large.expect(PublishPacket.class).messageId()));
      await().until(() -> broker.aedes().queuedMessages() == 0); // none held in flight
    }
  }

  @Test
  @DisplayName("[MQTT-3.1.2-25] a queued message too large for the reconnecting client is dropped")
  void queuedTooLargeDropped() throws Exception {
    Properties persistent = Properties.builder().sessionExpiryInterval(60).build();
    try (TestBroker broker = TestBroker.start();
        RawClient pub = RawClient.open(broker)) {
      try (RawClient away = RawClient.open(broker)) {
        away.connect(ConnectPacket.of(5, "away", true, 0).withProperties(persistent));
        away.subscribe(1, new Subscription("q/#", 1));
        away.send(DisconnectPacket.NORMAL);
        away.awaitClosed();
      }
      pub.connect(connect5("q-pub", Properties.EMPTY));
      pub.send(new PublishPacket("q/big", BIG, 1, 1, false));
      pub.expect(PubackPacket.class);
      pub.send(new PublishPacket("q/small", SMALL, 1, 2, false));
      pub.expect(PubackPacket.class);
      try (RawClient back = RawClient.open(broker)) {
        back.connect(ConnectPacket.of(5, "away", false, 0).withProperties(persistent.toBuilder()
            .maximumPacketSize(100).build()));
        assertThat(back.expect(PublishPacket.class).topic()).isEqualTo("q/small");
        assertThat(broker.aedes().droppedMessages()).isEqualTo(1);
      }
    }
  }

  @Test
  @DisplayName("[MQTT-3.1.2-24] HiveMQ and Paho with a Maximum Packet Size get only what fits")
  void librariesGetOnlyWhatFits() throws Exception {
    MqttConnectionOptions pahoOptions = new MqttConnectionOptions();
    pahoOptions.setMaximumPacketSize(200L);
    try (TestBroker broker = TestBroker.start();
        Paho5Client paho = Paho5Client.connect(broker, "fit-paho", pahoOptions, false);
        HiveClient pub = HiveClient.connect(broker, "fit-pub")) {
      Mqtt5BlockingClient hive = MqttClient.builder().useMqttVersion5().identifier("fit-hive")
          .serverHost("127.0.0.1").serverPort(broker.port()).buildBlocking();
      hive.connectWith().restrictions().maximumPacketSize(200).applyRestrictions().send();
      try (Mqtt5BlockingClient.Mqtt5Publishes publishes =
              hive.publishes(MqttGlobalPublishFilter.ALL)) {
        hive.subscribeWith().topicFilter("fit/#").qos(MqttQos.AT_LEAST_ONCE).send();
        paho.subscribe(new MqttSubscription("fit/#", 1), null);
        pub.client().publishWith().topic("fit/big").payload(BIG).qos(MqttQos.AT_LEAST_ONCE)
            .send();
        pub.publish("fit/small", "s", 1, false);
        Optional<Mqtt5Publish> got = publishes.receive(5, TimeUnit.SECONDS);
        assertThat(got).isPresent();
        assertThat(got.get().getTopic().toString()).isEqualTo("fit/small");
        assertThat(paho.next().topic()).isEqualTo("fit/small");
        assertThat(broker.aedes().droppedMessages()).isEqualTo(2);
        assertThat(hive.getState().isConnected()).isTrue();
      } finally {
        hive.disconnect();
      }
    }
  }
}
