package dev.aedes;

import static dev.aedes.TopicAliasIT.connect5;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAck;
import dev.aedes.packet.ConnackPacket;
import dev.aedes.packet.ConnectPacket;
import dev.aedes.packet.DisconnectPacket;
import dev.aedes.packet.Properties;
import java.time.Duration;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Server Keep Alive: announced in CONNACK and used by the broker's keep alive timer. */
class ServerKeepAliveIT {

  @Test
  @DisplayName("[MQTT-3.2.2-21] CONNACK carries the Server Keep Alive and the libraries adopt it "
      + "(HiveMQ, Paho)")
  void serverKeepAliveAnnounced() throws Exception {
    try (TestBroker broker = TestBroker.start(new AedesOptions().serverKeepAlive(30));
        Paho5Client paho = Paho5Client.connect(broker, "ska-paho",
            new MqttConnectionOptions(), false)) {
      Mqtt5BlockingClient hive = MqttClient.builder().useMqttVersion5().identifier("ska-hive")
          .serverHost("127.0.0.1").serverPort(broker.port()).buildBlocking();
      Mqtt5ConnAck connack = hive.connectWith().keepAlive(600).send();
      try {
        assertThat(connack.getServerKeepAlive()).hasValue(30);
        assertThat(hive.getConfig().getConnectionConfig().orElseThrow().getKeepAlive())
            .isEqualTo(30);
      } finally {
        hive.disconnect();
      }
      assertThat(paho.connackProperties().getServerKeepAlive()).isEqualTo(30);
    }
  }

  @Test
  @DisplayName("[MQTT-3.1.2-22] the broker's timer uses the Server Keep Alive: a client that "
      + "asked for none is disconnected with 0x8D")
  void timerUsesServerKeepAlive() throws Exception {
    try (TestBroker broker = TestBroker.start(new AedesOptions().serverKeepAlive(1));
        RawClient client = RawClient.open(broker)) {
      ConnackPacket connack = client.connect(connect5("ska-raw", Properties.EMPTY));
      assertThat(connack.properties().serverKeepAlive()).isEqualTo(1);
      assertThat(client.expect(DisconnectPacket.class).reasonCode()).isEqualTo(0x8D);
      client.awaitClosed();
    }
  }

  @Test
  @DisplayName("Server Keep Alive 0 turns the keep alive off for MQTT 5; 3.1.1 clients keep theirs")
  void serverKeepAliveZeroAndMqtt311() throws Exception {
    try (TestBroker broker = TestBroker.start(new AedesOptions().serverKeepAlive(0));
        RawClient v5 = RawClient.open(broker);
        RawClient v311 = RawClient.open(broker)) {
      ConnackPacket connack = v5.connect(ConnectPacket.of(5, "ska-zero", true, 1));
      assertThat(connack.properties().serverKeepAlive()).isZero();
      v311.connect(ConnectPacket.of(4, "ska-311", true, 1));
      v311.awaitClosed(); // its own 1 s keep alive still applies
      await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2))
          .until(v5::isOpen);
    }
  }
}
