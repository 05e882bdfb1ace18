package dev.aedes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5DisconnectException;
import com.hivemq.client.mqtt.mqtt5.message.disconnect.Mqtt5DisconnectReasonCode;
import dev.aedes.packet.ConnectPacket;
import dev.aedes.packet.DisconnectPacket;
import dev.aedes.packet.PubcompPacket;
import dev.aedes.packet.PubrelPacket;
import dev.aedes.packet.SubackPacket;
import dev.aedes.packet.Subscription;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The broker tells an MQTT 5 client why it closes the connection (DISCONNECT with a reason
 * code, [MQTT 5.0] 3.14.2.1) and reports the reason of the client's own DISCONNECT.
 */
class DisconnectReasonsIT {

  private static RawClient connected5(TestBroker broker, String clientId, int keepalive)
      throws Exception {
    RawClient client = RawClient.open(broker);
    assertThat(client.connect(ConnectPacket.of(5, clientId, true, keepalive)).reasonCode())
        .isZero();
    return client;
  }

  private static void expectDisconnect(RawClient client, int reasonCode) throws Exception {
    assertThat(client.expect(DisconnectPacket.class).reasonCode()).isEqualTo(reasonCode);
    client.awaitClosed();
  }

  @Test
  @DisplayName("[MQTT-3.1.4-3] a taken-over MQTT 5 connection gets DISCONNECT 0x8E")
  void sessionTakenOver() throws Exception {
    try (TestBroker broker = TestBroker.start();
        RawClient first = connected5(broker, "same", 0);
        RawClient second = connected5(broker, "same", 0)) {
      expectDisconnect(first, 0x8E);
      assertThat(second.isOpen()).isTrue();
    }
  }

  @Test
  @DisplayName("[MQTT-3.1.2-22] keep alive exceeded: DISCONNECT 0x8D")
  void keepAliveTimeout() throws Exception {
    try (TestBroker broker = TestBroker.start(); RawClient client = connected5(broker, "k", 1)) {
      expectDisconnect(client, 0x8D);
    }
  }

  @Test
  @DisplayName("aedes.close(): MQTT 5 clients get DISCONNECT 0x8B Server shutting down, 3.1.1 clients a plain close")
  void serverShuttingDown() throws Exception {
    try (TestBroker broker = TestBroker.start();
        RawClient v5 = connected5(broker, "v5", 0);
        RawClient v4 = RawClient.connected(broker, "v4", true)) {
      broker.aedes().close().toCompletableFuture().get(5, TimeUnit.SECONDS);
      expectDisconnect(v5, 0x8B);
      v4.awaitClosed();
      assertThat(v4.pending()).isEmpty();
    }
  }

  @Test
  void hiveSeesServerShuttingDown() throws Exception {
    try (TestBroker broker = TestBroker.start()) {
      AtomicReference<Throwable> cause = new AtomicReference<>();
      Mqtt5BlockingClient client = MqttClient.builder().useMqttVersion5().identifier("hive")
          .serverHost("127.0.0.1").serverPort(broker.port())
          .addDisconnectedListener(context -> cause.compareAndSet(null, context.getCause()))
          .buildBlocking();
      client.connect();
      broker.aedes().close().toCompletableFuture().get(5, TimeUnit.SECONDS);
      await().atMost(Duration.ofSeconds(5)).until(() -> cause.get() != null);
      assertThat(cause.get()).isInstanceOfSatisfying(Mqtt5DisconnectException.class,
          e -> assertThat(e.getMqttMessage().getReasonCode())
              .isEqualTo(Mqtt5DisconnectReasonCode.SERVER_SHUTTING_DOWN));
    }
  }

  @Test
  @DisplayName("[MQTT-4.13.1-1] a malformed packet (PUBLISH QoS 3): DISCONNECT 0x81")
  void malformedPacket() throws Exception {
    try (TestBroker broker = TestBroker.start(); RawClient client = connected5(broker, "m", 0)) {
      client.sendBytes(0x36, 0x03, 0x00, 0x01, 't');
      expectDisconnect(client, 0x81);
    }
  }

  @Test
  @DisplayName("[MQTT-3.1.0-2] a second CONNECT is a protocol error: DISCONNECT 0x82")
  void protocolError() throws Exception {
    try (TestBroker broker = TestBroker.start(); RawClient client = connected5(broker, "p", 0)) {
      client.send(ConnectPacket.of(5, "p", true, 0));
      expectDisconnect(client, 0x82);
    }
  }

  @Test
  @DisplayName("[MQTT 5.0 3.7.2.1] PUBREL for an unknown packet identifier: PUBCOMP 0x92")
  void pubrelForUnknownIdentifier() throws Exception {
    try (TestBroker broker = TestBroker.start(); RawClient client = connected5(broker, "r", 0)) {
      client.send(new PubrelPacket(7));
      PubcompPacket pubcomp = client.expect(PubcompPacket.class);
      assertThat(pubcomp.messageId()).isEqualTo(7);
      assertThat(pubcomp.reasonCode()).isEqualTo(0x92);
    }
  }

  @Test
  @DisplayName("[MQTT 5.0 3.9.3] a subscription negated by authorizeSubscribe: SUBACK 0x87")
  void negatedSubscription() throws Exception {
    try (TestBroker broker = TestBroker.start(); RawClient client = connected5(broker, "s", 0)) {
      broker.aedes().authorizeSubscribe((c, sub) -> CompletableFuture.completedFuture(
          sub.topic().startsWith("secret/") ? null : sub));
      SubackPacket suback = client.subscribe(1, new Subscription("secret/#", 1),
          new Subscription("open/#", 1));
      assertThat(suback.granted()).containsExactly(0x87, 1);
    }
  }

  @Test
  @DisplayName("the client's DISCONNECT reason code is reported with clientDisconnect (-1 without one)")
  void clientDisconnectReasonCodeIsReported() throws Exception {
    try (TestBroker broker = TestBroker.start()) {
      List<String> seen = new CopyOnWriteArrayList<>();
      broker.aedes().onClientDisconnect(c -> seen.add(c.id() + "=" + c.disconnectReasonCode()));
      try (RawClient with = connected5(broker, "with-will", 0);
          RawClient error = connected5(broker, "error", 0);
          RawClient dropped = connected5(broker, "dropped", 0);
          RawClient v4 = RawClient.connected(broker, "v4", true)) {
        with.send(new DisconnectPacket(0x04));
        error.send(new DisconnectPacket(0x80));
        v4.send(new DisconnectPacket(0));
        dropped.destroy();
        await().atMost(Duration.ofSeconds(5)).until(() -> seen.size() == 4);
      }
      Mqtt5BlockingClient hive = MqttClient.builder().useMqttVersion5().identifier("hive")
          .serverHost("127.0.0.1").serverPort(broker.port()).buildBlocking();
      hive.connect();
      hive.disconnect();
      await().atMost(Duration.ofSeconds(5)).until(() -> seen.size() == 5);
      assertThat(seen).containsExactlyInAnyOrder("with-will=4", "error=128", "dropped=-1",
          "v4=0", "hive=0");
    }
  }
}
