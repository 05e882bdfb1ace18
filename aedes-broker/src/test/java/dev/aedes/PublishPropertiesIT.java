package dev.aedes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PayloadFormatIndicator;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import dev.aedes.packet.PublishPacket;
import dev.aedes.packet.Subscription;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * PUBLISH properties carried from publisher to subscriber (3.3.2.3): Paho publishes to HiveMQ,
 * HiveMQ to Paho, and across protocol levels with a raw 3.1.1 client.
 */
class PublishPropertiesIT {
  private static final byte[] CORRELATION = {0, 1, 2, (byte) 0xFE, (byte) 0xFF};

  @Test
  @DisplayName("[MQTT-3.3.2-4] [MQTT-3.3.2-15] [MQTT-3.3.2-16] [MQTT-3.3.2-17] [MQTT-3.3.2-18] "
      + "[MQTT-3.3.2-20] Paho's properties reach a HiveMQ subscriber unaltered, user properties in order")
  void pahoPropertiesReachHiveMq() throws Exception {
    try (TestBroker broker = TestBroker.start();
         HiveClient subscriber = HiveClient.connect(broker, "hive-sub", true, 0);
         Paho5Client publisher = Paho5Client.connect(broker, "paho-pub", true, 0L)) {
      subscriber.subscribe("props/#", 1);
      MqttProperties properties = new MqttProperties();
      properties.setPayloadFormat(true);
      properties.setContentType("text/plain; charset=utf-8");
      properties.setResponseTopic("props/reply");
      properties.setCorrelationData(CORRELATION);
      properties.setUserProperties(List.of(new UserProperty("b", "2"), new UserProperty("a", "1"),
          new UserProperty("b", "3")));
      MqttMessage message = new MqttMessage("héllo".getBytes(StandardCharsets.UTF_8));
      message.setQos(1);
      message.setProperties(properties);
      publisher.publish("props/paho", message);

      Mqtt5Publish got = subscriber.next();
      assertThat(got.getPayloadFormatIndicator()).hasValue(Mqtt5PayloadFormatIndicator.UTF_8);
      assertThat(got.getContentType().map(Object::toString)).hasValue("text/plain; charset=utf-8");
      assertThat(got.getResponseTopic().map(Object::toString)).hasValue("props/reply");
      assertThat(got.getCorrelationData().map(PublishPropertiesIT::bytes)).hasValue(CORRELATION);
      assertThat(got.getUserProperties().asList())
          .extracting(p -> p.getName().toString(), p -> p.getValue().toString())
          .containsExactly(tuple("b", "2"), tuple("a", "1"), tuple("b", "3"));
    }
  }

  @Test
  @DisplayName("[MQTT-3.3.2-4] [MQTT-3.3.2-15] [MQTT-3.3.2-16] [MQTT-3.3.2-17] [MQTT-3.3.2-18] "
      + "[MQTT-3.3.2-20] HiveMQ's properties reach a Paho subscriber unaltered, user properties in order")
  void hiveMqPropertiesReachPaho() throws Exception {
    try (TestBroker broker = TestBroker.start();
         Paho5Client subscriber = Paho5Client.connect(broker, "paho-sub", true, 0L);
         HiveClient publisher = HiveClient.connect(broker, "hive-pub", true, 0)) {
      subscriber.subscribe("props/#", 2);
      publisher.client().publishWith().topic("props/hive")
          .payload(new byte[] {1, 2, 3}).qos(MqttQos.EXACTLY_ONCE)
          .payloadFormatIndicator(Mqtt5PayloadFormatIndicator.UNSPECIFIED)
          .contentType("application/octet-stream")
          .responseTopic("props/answer")
          .correlationData(CORRELATION)
          .userProperties().add("z", "last?").add("y", "no, first").add("z", "again")
          .applyUserProperties()
          .send();

      MqttMessage got = subscriber.next().message();
      MqttProperties properties = got.getProperties();
      assertThat(got.getQos()).isEqualTo(2);
      assertThat(properties.getPayloadFormat()).isFalse();
      assertThat(properties.getContentType()).isEqualTo("application/octet-stream");
      assertThat(properties.getResponseTopic()).isEqualTo("props/answer");
      assertThat(properties.getCorrelationData()).isEqualTo(CORRELATION);
      assertThat(properties.getUserProperties())
          .extracting(UserProperty::getKey, UserProperty::getValue)
          .containsExactly(tuple("z", "last?"), tuple("y", "no, first"), tuple("z", "again"));
    }
  }

  @Test
  @DisplayName("[MQTT-3.3.2-4] a 3.1.1 subscriber gets a 5.0 publisher's message, properties dropped")
  void mqtt311SubscriberReceivesFromMqtt5Publisher() throws Exception {
    try (TestBroker broker = TestBroker.start();
         RawClient subscriber = RawClient.connected(broker, "classic-sub", true);
         HiveClient publisher = HiveClient.connect(broker, "hive-pub", true, 0)) {
      subscriber.subscribe(1, new Subscription("mixed/#", 1));
      publisher.client().publishWith().topic("mixed/down").payload(new byte[] {42})
          .qos(MqttQos.AT_LEAST_ONCE).contentType("x/y").userProperties().add("k", "v")
          .applyUserProperties().send();
      PublishPacket got = subscriber.expect(PublishPacket.class);
      assertThat(got.topic()).isEqualTo("mixed/down");
      assertThat(got.payload()).containsExactly(42);
      assertThat(got.properties().isEmpty()).isTrue();
    }
  }

  @Test
  @DisplayName("[MQTT-3.3.2-4] a 5.0 subscriber gets a 3.1.1 publisher's message, with no properties")
  void mqtt5SubscriberReceivesFromMqtt311Publisher() throws Exception {
    try (TestBroker broker = TestBroker.start();
         HiveClient hive = HiveClient.connect(broker, "hive-sub", true, 0);
         Paho5Client paho = Paho5Client.connect(broker, "paho-sub", true, 0L);
         RawClient publisher = RawClient.connected(broker, "classic-pub", true)) {
      hive.subscribe("mixed/#", 1);
      paho.subscribe("mixed/#", 1);
      publisher.send(new PublishPacket("mixed/up", new byte[] {7}, 0, 0, false));
      Mqtt5Publish fromHive = hive.next();
      assertThat(fromHive.getPayloadAsBytes()).containsExactly(7);
      assertThat(fromHive.getUserProperties().asList()).isEmpty();
      assertThat(fromHive.getContentType()).isEmpty();
      assertThat(fromHive.getMessageExpiryInterval()).isEmpty();
      MqttMessage fromPaho = paho.next().message();
      assertThat(fromPaho.getPayload()).containsExactly(7);
      assertThat(fromPaho.getProperties().getUserProperties()).isEmpty();
    }
  }

  private static byte[] bytes(ByteBuffer buffer) {
    byte[] bytes = new byte[buffer.remaining()];
    buffer.duplicate().get(bytes);
    return bytes;
  }
}
