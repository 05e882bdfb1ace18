package dev.aedes;

import static dev.aedes.TopicAliasIT.connect5;
import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckRestrictions;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAck;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAckReasonCode;
import dev.aedes.packet.ConnackPacket;
import dev.aedes.packet.ConnectPacket;
import dev.aedes.packet.DisconnectPacket;
import dev.aedes.packet.Properties;
import dev.aedes.packet.PublishPacket;
import dev.aedes.packet.Subscription;
import dev.aedes.packet.Will;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Maximum QoS and Retain Available: announced in CONNACK, enforced on PUBLISH, will, SUBSCRIBE. */
class MaximumQosRetainIT {
  private static final byte[] PAYLOAD = {'x'};

  @Test
  @DisplayName("[MQTT-3.2.2-9] by default neither Maximum QoS nor Retain Available is sent "
      + "(QoS 2 and retain available)")
  void defaultsNotAnnounced() throws Exception {
    try (TestBroker broker = TestBroker.start();
        RawClient client = RawClient.open(broker)) {
      Properties announced = client.connect(connect5("mq-default", Properties.EMPTY))
          .properties();
      assertThat(announced.maximumQoS()).isNull();
      assertThat(announced.retainAvailable()).isNull();
      assertThat(announced.receiveMaximum()).isNull();
      assertThat(announced.serverKeepAlive()).isNull();
    }
  }

  @Test
  @DisplayName("[MQTT-3.2.2-9] Maximum QoS 1 and Retain Available 0 are announced (HiveMQ, Paho)")
  void limitsAnnounced() throws Exception {
    AedesOptions options = new AedesOptions().maximumQoS(1).retainAvailable(false);
    try (TestBroker broker = TestBroker.start(options);
        Paho5Client paho = Paho5Client.connect(broker, "mq-paho",
            new MqttConnectionOptions(), false)) {
      Mqtt5BlockingClient hive = MqttClient.builder().useMqttVersion5().identifier("mq-hive")
          .serverHost("127.0.0.1").serverPort(broker.port()).buildBlocking();
      Mqtt5ConnAckRestrictions restrictions = hive.connect().getRestrictions();
      hive.disconnect();
      assertThat(restrictions.getMaximumQos()).isEqualTo(MqttQos.AT_LEAST_ONCE);
      assertThat(restrictions.isRetainAvailable()).isFalse();
      MqttProperties announced = paho.connackProperties();
      assertThat(announced.getMaximumQoS()).isEqualTo(1);
      assertThat(announced.isRetainAvailable()).isFalse();
    }
  }

  @Test
  @DisplayName("[MQTT-3.2.2-11] a PUBLISH above Maximum QoS gets DISCONNECT 0x9B")
  void publishAboveMaximumQos() throws Exception {
    try (TestBroker broker = TestBroker.start(new AedesOptions().maximumQoS(1));
        RawClient client = RawClient.open(broker)) {
      client.connect(connect5("mq-over", Properties.EMPTY));
      client.send(new PublishPacket("mq/t", PAYLOAD, 2, 1, false));
      assertThat(client.expect(DisconnectPacket.class).reasonCode()).isEqualTo(0x9B);
      client.awaitClosed();
    }
  }

  @Test
  @DisplayName("[MQTT-3.2.2-10] SUBSCRIBE at QoS 2 is accepted and granted the Maximum QoS "
      + "(RawClient, HiveMQ)")
  void subscriptionsGrantedAtMostMaximumQos() throws Exception {
    try (TestBroker broker = TestBroker.start(new AedesOptions().maximumQoS(0));
        RawClient client = RawClient.open(broker)) {
      client.connect(connect5("mq-sub", Properties.EMPTY));
      assertThat(client.subscribe(1, new Subscription("a", 2), new Subscription("b", 1),
          new Subscription("c", 0)).granted()).containsExactly(0, 0, 0);
      Mqtt5BlockingClient hive = MqttClient.builder().useMqttVersion5().identifier("mq-hsub")
          .serverHost("127.0.0.1").serverPort(broker.port()).buildBlocking();
      hive.connect();
      try {
        Mqtt5SubAck suback = hive.subscribeWith().topicFilter("a").qos(MqttQos.EXACTLY_ONCE)
            .send();
        assertThat(suback.getReasonCodes()).containsExactly(Mqtt5SubAckReasonCode.GRANTED_QOS_0);
      } finally {
        hive.disconnect();
      }
    }
  }

  @Test
  @DisplayName("[MQTT-3.2.2-12] a will above Maximum QoS is refused with CONNACK 0x9B")
  void willAboveMaximumQos() throws Exception {
    try (TestBroker broker = TestBroker.start(new AedesOptions().maximumQoS(1));
        RawClient client = RawClient.open(broker)) {
      ConnackPacket connack = client.connect(ConnectPacket.of(5, "mq-will", true, 0)
          .withWill(new Will("w", PAYLOAD, 2, false)));
      assertThat(connack.reasonCode()).isEqualTo(0x9B);
      client.awaitClosed();
    }
  }

  @Test
  @DisplayName("[MQTT-3.2.2-14] a retained PUBLISH without Retain Available gets DISCONNECT 0x9A; "
      + "nothing is stored")
  void retainedPublishRefused() throws Exception {
    try (TestBroker broker = TestBroker.start(new AedesOptions().retainAvailable(false));
        RawClient client = RawClient.open(broker)) {
      client.connect(connect5("ra-pub", Properties.EMPTY));
      client.send(new PublishPacket("ra/t", PAYLOAD, 0, 0, true));
      assertThat(client.expect(DisconnectPacket.class).reasonCode()).isEqualTo(0x9A);
      client.awaitClosed();
      assertThat(broker.aedes().retainedCount()).isZero();
    }
  }

  @Test
  @DisplayName("[MQTT-3.2.2-13] a retained will without Retain Available is refused with "
      + "CONNACK 0x9A")
  void retainedWillRefused() throws Exception {
    try (TestBroker broker = TestBroker.start(new AedesOptions().retainAvailable(false));
        RawClient client = RawClient.open(broker)) {
      ConnackPacket connack = client.connect(ConnectPacket.of(5, "ra-will", true, 0)
          .withWill(new Will("w", PAYLOAD, 0, true)));
      assertThat(connack.reasonCode()).isEqualTo(0x9A);
      client.awaitClosed();
    }
  }

  @Test
  @DisplayName("non-retained PUBLISH at or below Maximum QoS still flows (HiveMQ)")
  void withinLimitsFlows() throws Exception {
    AedesOptions options = new AedesOptions().maximumQoS(1).retainAvailable(false);
    try (TestBroker broker = TestBroker.start(options);
        HiveClient sub = HiveClient.connect(broker, "ok-sub");
        HiveClient pub = HiveClient.connect(broker, "ok-pub")) {
      sub.client().subscribeWith().topicFilter("ok/#").qos(MqttQos.AT_LEAST_ONCE).send();
      pub.publish("ok/1", "one", 1, false);
      assertThat(HiveClient.payload(sub.next())).isEqualTo("one");
    }
  }
}
