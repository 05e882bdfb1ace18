package dev.aedes;

import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import dev.aedes.hooks.AuthorizationException;
import dev.aedes.packet.ConnectPacket;
import dev.aedes.packet.PingreqPacket;
import dev.aedes.packet.PingrespPacket;
import dev.aedes.packet.Properties;
import dev.aedes.packet.PubackPacket;
import dev.aedes.packet.PublishPacket;
import dev.aedes.packet.PubrecPacket;
import dev.aedes.packet.ReasonCode;
import dev.aedes.packet.Subscription;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * PUBACK / PUBREC reason codes for PUBLISH refused by {@code authorizePublish} at MQTT 5
 * ([MQTT 5.0] 3.4.2.1, 3.5.2.1), where MQTT 3.1.1 could only close ([MQTT-3.3.5-2]).
 */
class PublishReasonCodesIT {
  private static final byte[] PAYLOAD = "x".getBytes(StandardCharsets.UTF_8);

  private static TestBroker quotaBroker() throws Exception {
    TestBroker broker = TestBroker.start();
    broker.aedes().authorizePublish((client, packet) -> packet.topic().startsWith("quota/")
        ? CompletableFuture.failedFuture(
            new AuthorizationException(ReasonCode.QUOTA_EXCEEDED, "daily quota used up"))
        : CompletableFuture.completedFuture(packet));
    return broker;
  }

  private static RawClient connected5(TestBroker broker, String id, Properties properties)
      throws Exception {
    RawClient client = RawClient.open(broker);
    assertThat(client.connect(ConnectPacket.of(5, id, true, 0).withProperties(properties))
        .reasonCode()).isZero();
    return client;
  }

  @Test
  @DisplayName("[MQTT 5.0 3.4.2.1] QoS 1 to $SYS/ (refused by the default hook): PUBACK 0x87, the connection stays")
  void refusedQos1GetsPubackNotAuthorized() throws Exception {
    try (TestBroker broker = TestBroker.start();
        RawClient client = connected5(broker, "c", Properties.EMPTY)) {
      client.send(new PublishPacket("$SYS/fake", PAYLOAD, 1, 5, false));
      PubackPacket puback = client.expect(PubackPacket.class);
      assertThat(puback.messageId()).isEqualTo(5);
      assertThat(puback.reasonCode()).isEqualTo(0x87);
      client.send(PingreqPacket.INSTANCE);
      client.expect(PingrespPacket.class);
    }
  }

  @Test
  @DisplayName("[MQTT 5.0 3.5.2.1] QoS 2 refused: PUBREC with the AuthorizationException's code and Reason String, nothing delivered")
  void refusedQos2GetsPubrecWithTheHooksReason() throws Exception {
    try (TestBroker broker = quotaBroker();
        RawClient subscriber = connected5(broker, "sub", Properties.EMPTY);
        RawClient client = connected5(broker, "c", Properties.EMPTY)) {
      subscriber.subscribe(1, new Subscription("quota/#", 2));
      client.send(new PublishPacket("quota/a", PAYLOAD, 2, 9, false));
      PubrecPacket pubrec = client.expect(PubrecPacket.class);
      assertThat(pubrec.reasonCode()).isEqualTo(0x97);
      assertThat(pubrec.properties().reasonString()).isEqualTo("daily quota used up");
      client.send(PingreqPacket.INSTANCE);
      client.expect(PingrespPacket.class);
      subscriber.send(PingreqPacket.INSTANCE);
      subscriber.expect(PingrespPacket.class); // no PUBLISH before it
    }
  }

  @Test
  @DisplayName("[MQTT-3.1.2-29] Request Problem Information 0: the PUBACK carries no Reason String")
  void noReasonStringWithoutProblemInformation() throws Exception {
    try (TestBroker broker = quotaBroker(); RawClient client = connected5(broker, "c",
        Properties.builder().requestProblemInformation(false).build())) {
      client.send(new PublishPacket("quota/a", PAYLOAD, 1, 3, false));
      PubackPacket puback = client.expect(PubackPacket.class);
      assertThat(puback.reasonCode()).isEqualTo(0x97);
      assertThat(puback.properties().reasonString()).isNull();
    }
  }

  @Test
  @DisplayName("[MQTT-3.3.4-1] QoS 0 refused at MQTT 5: dropped without an answer, the connection stays")
  void refusedQos0IsDropped() throws Exception {
    try (TestBroker broker = quotaBroker();
        RawClient subscriber = connected5(broker, "sub", Properties.EMPTY);
        RawClient client = connected5(broker, "c", Properties.EMPTY)) {
      subscriber.subscribe(1, new Subscription("quota/#", 0));
      client.send(new PublishPacket("quota/a", PAYLOAD, 0, 0, false));
      client.send(PingreqPacket.INSTANCE);
      client.expect(PingrespPacket.class);
      subscriber.send(PingreqPacket.INSTANCE);
      subscriber.expect(PingrespPacket.class);
    }
  }

  @Test
  @DisplayName("[MQTT-3.3.5-2] MQTT 3.1.1: a refused PUBLISH still closes the connection")
  void refusedAtMqtt311Closes() throws Exception {
    try (TestBroker broker = quotaBroker(); RawClient client = RawClient.connected(broker, "c", true)) {
      client.send(new PublishPacket("quota/a", PAYLOAD, 1, 3, false));
      client.awaitClosed();
      assertThat(client.pending()).isEmpty();
    }
  }

  @Test
  void hiveSeesPubackQuotaExceeded() throws Exception {
    try (TestBroker broker = quotaBroker(); HiveClient hive = HiveClient.connect(broker, "hive")) {
      Mqtt5PubAckReasonCode code;
      try {
        Mqtt5PublishResult result = hive.client().toAsync().publishWith().topic("quota/h")
            .payload(PAYLOAD).qos(MqttQos.AT_LEAST_ONCE).send().get(5, TimeUnit.SECONDS);
        code = ((Mqtt5PublishResult.Mqtt5Qos1Result) result).getPubAck().getReasonCode();
      } catch (java.util.concurrent.ExecutionException e) {
        code = ((Mqtt5PubAckException) e.getCause()).getMqttMessage().getReasonCode();
      }
      assertThat(code).isEqualTo(Mqtt5PubAckReasonCode.QUOTA_EXCEEDED);
      assertThat(hive.client().getState().isConnected()).isTrue();
    }
  }

  @Test
  void pahoSeesPubackNotAuthorized() throws Exception {
    try (TestBroker broker = TestBroker.start()) {
      MqttAsyncClient paho = new MqttAsyncClient(broker.uri(), "paho", new MemoryPersistence());
      try {
        paho.connect(new MqttConnectionOptions()).waitForCompletion(5000);
        IMqttToken token = paho.publish("$SYS/paho", PAYLOAD, 1, false);
        try {
          token.waitForCompletion(5000);
        } catch (MqttException expected) {
          assertThat(expected.getReasonCode()).isEqualTo(0x87);
        }
        assertThat(token.getReasonCodes()).containsExactly(0x87);
        assertThat(paho.isConnected()).isTrue();
      } finally {
        if (paho.isConnected()) {
          paho.disconnect().waitForCompletion(5000);
        }
        paho.close();
      }
    }
  }
}
