package dev.aedes;

import static dev.aedes.TopicAliasIT.connect5;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAck;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult;
import dev.aedes.packet.ConnectPacket;
import dev.aedes.packet.DisconnectPacket;
import dev.aedes.packet.Properties;
import dev.aedes.packet.PubackPacket;
import dev.aedes.packet.PubcompPacket;
import dev.aedes.packet.PublishPacket;
import dev.aedes.packet.PubrecPacket;
import dev.aedes.packet.PubrelPacket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The broker's Receive Maximum: announced in CONNACK, honoured by libraries, enforced (0x93). */
class ReceiveMaximumInboundIT {
  private static final byte[] PAYLOAD = {'x'};

  private static PublishPacket qos(int qos, int messageId) {
    return new PublishPacket("rm/in", PAYLOAD, qos, messageId, false);
  }

  @Test
  @DisplayName("[MQTT-3.3.4-7] a third QoS 2 PUBLISH awaiting PUBREL with Receive Maximum 2 gets "
      + "DISCONNECT 0x93")
  void qos2OverrunDisconnects() throws Exception {
    try (TestBroker broker = TestBroker.start(new AedesOptions().receiveMaximum(2));
        RawClient client = RawClient.open(broker)) {
      assertThat(client.connect(connect5("rm-q2", Properties.EMPTY)).properties()
          .receiveMaximum()).isEqualTo(2);
      client.send(qos(2, 1));
      client.send(qos(2, 2));
      assertThat(client.expect(PubrecPacket.class).messageId()).isEqualTo(1);
      assertThat(client.expect(PubrecPacket.class).messageId()).isEqualTo(2);
      client.send(qos(2, 3)); // PUBREC is not an answer: both still await PUBREL
      assertThat(client.expect(DisconnectPacket.class).reasonCode()).isEqualTo(0x93);
      client.awaitClosed();
    }
  }

  @Test
  @DisplayName("[MQTT-3.3.4-7] a QoS 2 slot is free again once PUBCOMP is sent; a re-sent "
      + "PUBLISH counts once")
  void slotsFreedByPubcomp() throws Exception {
    try (TestBroker broker = TestBroker.start(new AedesOptions().receiveMaximum(2));
        RawClient client = RawClient.open(broker)) {
      client.connect(connect5("rm-free", Properties.EMPTY));
      client.send(qos(2, 1));
      client.send(qos(2, 2));
      client.send(qos(2, 2).withMessageId(2, true)); // DUP of an id already counted
      for (int i = 0; i < 3; i++) {
        client.expect(PubrecPacket.class);
      }
      client.send(new PubrelPacket(1));
      assertThat(client.expect(PubcompPacket.class).messageId()).isEqualTo(1);
      client.send(qos(1, 3));
      assertThat(client.expect(PubackPacket.class).messageId()).isEqualTo(3);
      assertThat(client.isOpen()).isTrue();
    }
  }

  @Test
  @DisplayName("[MQTT-3.3.4-7] QoS 1 PUBLISH waiting to be processed count: one over gets 0x93")
  void qos1OverrunDisconnects() throws Exception {
    CompletableFuture<PublishPacket> held = new CompletableFuture<>();
    try (TestBroker broker = TestBroker.start(new AedesOptions().receiveMaximum(2));
        RawClient client = RawClient.open(broker)) {
      broker.aedes().authorizePublish((c, packet) -> held); // the first one is never answered
      client.connect(connect5("rm-q1", Properties.EMPTY));
      for (int id = 1; id <= 3; id++) {
        client.send(qos(1, id));
      }
      assertThat(client.expect(DisconnectPacket.class).reasonCode()).isEqualTo(0x93);
      client.awaitClosed();
    }
  }

  @Test
  @DisplayName("Receive Maximum is an MQTT 5 limit: a 3.1.1 client is not disconnected")
  void mqtt311NotLimited() throws Exception {
    try (TestBroker broker = TestBroker.start(new AedesOptions().receiveMaximum(2));
        RawClient client = RawClient.open(broker)) {
      client.connect(ConnectPacket.of(4, "rm-311", true, 0));
      for (int id = 1; id <= 3; id++) {
        client.send(qos(2, id));
      }
      for (int id = 1; id <= 3; id++) {
        assertThat(client.expect(PubrecPacket.class).messageId()).isEqualTo(id);
      }
    }
  }

  private static boolean tryPublish(Paho5Client paho, int qos, List<IMqttToken> tokens)
      throws MqttException {
    try {
      tokens.add(paho.client().publish("rm/paho", PAYLOAD, qos, false));
      return true;
    } catch (MqttException e) {
      if (e.getReasonCode() != MqttClientException.REASON_CODE_MAX_INFLIGHT) {
        throw e;
      }
      return false;
    }
  }

  @Test
  @DisplayName("[MQTT-3.3.4-7] HiveMQ and Paho honour the broker's Receive Maximum 2: 20 QoS 1 "
      + "and 2 messages each, all acknowledged, no disconnect")
  void librariesHonourReceiveMaximum() throws Exception {
    try (TestBroker broker = TestBroker.start(new AedesOptions().receiveMaximum(2));
        Paho5Client paho = Paho5Client.connect(broker, "rm-paho",
            new MqttConnectionOptions(), false)) {
      assertThat(paho.connackProperties().getReceiveMaximum()).isEqualTo(2);
      Mqtt5AsyncClient hive = MqttClient.builder().useMqttVersion5().identifier("rm-hive")
          .serverHost("127.0.0.1").serverPort(broker.port()).buildAsync();
      Mqtt5ConnAck connack = hive.connect().get(5, TimeUnit.SECONDS);
      assertThat(connack.getRestrictions().getReceiveMaximum()).isEqualTo(2);
      try {
        List<CompletableFuture<Mqtt5PublishResult>> sent = new ArrayList<>();
        List<IMqttToken> tokens = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
          MqttQos level = i % 2 == 0 ? MqttQos.AT_LEAST_ONCE : MqttQos.EXACTLY_ONCE;
          sent.add(hive.publishWith().topic("rm/hive").payload(PAYLOAD).qos(level).send());
          int pahoQos = 1 + i % 2;
          // Paho refuses a third publish in progress (32202) until an acknowledgement comes
          await().until(() -> tryPublish(paho, pahoQos, tokens));
        }
        CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
        for (IMqttToken token : tokens) {
          token.waitForCompletion(10_000);
        }
        assertThat(hive.getState().isConnected()).isTrue();
        assertThat(paho.client().isConnected()).isTrue();
      } finally {
        hive.disconnect().get(5, TimeUnit.SECONDS);
      }
    }
  }
}
