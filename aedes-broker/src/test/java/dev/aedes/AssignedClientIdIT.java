package dev.aedes;

import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAck;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** MQTT 5 Assigned Client Identifier for an empty client id (3.1.3.1, 3.2.2.3.7). */
class AssignedClientIdIT {
  @Test
  @DisplayName("[MQTT-3.1.3-7] [MQTT-3.2.2-16] HiveMQ with an empty id gets a new, unique id")
  void hiveMqGetsAnAssignedClientIdentifier() throws Exception {
    try (TestBroker broker = TestBroker.start();
         HiveClient first = HiveClient.create(broker, "");
         HiveClient second = HiveClient.create(broker, "")) {
      Mqtt5ConnAck one = first.connect(true, 0);
      Mqtt5ConnAck two = second.connect(true, 0);
      assertThat(one.getAssignedClientIdentifier()).isPresent();
      assertThat(two.getAssignedClientIdentifier()).isPresent();
      String id = one.getAssignedClientIdentifier().get().toString();
      assertThat(id).isNotEmpty().isNotEqualTo(two.getAssignedClientIdentifier().get().toString());
      assertThat(first.client().getConfig().getClientIdentifier().map(Object::toString))
          .hasValue(id);
      assertThat(broker.aedes().sessions.connected(id)).isNotNull();
    }
  }

  @Test
  @DisplayName("[MQTT-3.1.3-7] [MQTT-3.2.2-16] Paho with an empty id gets an id, even with a "
      + "persistent session")
  void pahoGetsAnAssignedClientIdentifier() throws Exception {
    try (TestBroker broker = TestBroker.start();
         Paho5Client client = Paho5Client.create(broker, "")) {
      IMqttToken token = client.connect(Paho5Client.options(false, 60L));
      String id = token.getResponseProperties().getAssignedClientIdentifier();
      assertThat(id).isNotEmpty();
      assertThat(token.getSessionPresent()).isFalse();
      assertThat(broker.aedes().sessions.connected(id)).isNotNull();
    }
  }
}
