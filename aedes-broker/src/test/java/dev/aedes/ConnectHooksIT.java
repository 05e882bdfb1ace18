package dev.aedes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.aedes.hooks.AuthenticationException;
import dev.aedes.packet.ConnackPacket;
import dev.aedes.packet.ConnectPacket;
import dev.aedes.packet.ProtocolVersion;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.junit.jupiter.api.Test;

/** preConnect and authenticate, synchronous and asynchronous, as Paho and raw clients see them. */
class ConnectHooksIT {
  @Test
  void preConnectFalseClosesTheConnectionWithoutConnack() throws Exception {
    try (TestBroker broker = TestBroker.start()) {
      broker.aedes().preConnect((c, p) -> CompletableFuture.completedFuture(false));
      List<String> clients = new CopyOnWriteArrayList<>();
      broker.aedes().onClient(c -> clients.add(c.id()));
      try (RawClient raw = RawClient.open(broker)) {
        raw.conn().connect(ConnectPacket.of(ProtocolVersion.MQTT_3_1_1, "early", true, 0));
        raw.awaitClosed();
        assertThat(raw.poll(0)).as("no CONNACK").isNull();
      }
      assertThat(clients).isEmpty();
    }
  }

  @Test
  void preConnectSeesTheConnectPacket() throws Exception {
    try (TestBroker broker = TestBroker.start()) {
      List<String> seen = new CopyOnWriteArrayList<>();
      broker.aedes().preConnect((c, p) -> {
        seen.add(p.clientId());
        return CompletableFuture.completedFuture(true);
      });
      try (PahoClient paho = PahoClient.connect(broker, "seen-by-preconnect")) {
        assertThat(seen).containsExactly("seen-by-preconnect");
      }
    }
  }

  @Test
  void authenticateTrueAcceptsWithReturnCode0() throws Exception {
    try (TestBroker broker = TestBroker.start()) {
      List<String> users = new CopyOnWriteArrayList<>();
      broker.aedes().authenticate((c, user, password) -> {
        users.add(user + ":" + new String(password, StandardCharsets.UTF_8));
        return CompletableFuture.completedFuture(true);
      });
      try (RawClient raw = RawClient.open(broker)) {
        raw.conn().connect(ConnectPacket.of(ProtocolVersion.MQTT_3_1_1, "ok", true, 0)
            .withCredentials("matteo", "secret".getBytes(StandardCharsets.UTF_8)));
        assertThat(raw.expect(ConnackPacket.class).returnCode()).isZero();
      }
      assertThat(users).containsExactly("matteo:secret");
    }
  }

  @Test
  void authenticateFalseRefusesWithReturnCode5() throws Exception {
    try (TestBroker broker = TestBroker.start()) {
      broker.aedes().authenticate((c, u, p) -> CompletableFuture.completedFuture(false));
      MqttException refused = connectWithPaho(broker, "not-authorized");
      assertThat(refused.getReasonCode()).isEqualTo(MqttException.REASON_CODE_NOT_AUTHORIZED);
      assertThat(refused.getReasonCode()).isEqualTo(5);
    }
  }

  @Test
  void authenticationExceptionRefusesWithItsReturnCode() throws Exception {
    try (TestBroker broker = TestBroker.start()) {
      broker.aedes().authenticate((c, u, p) ->
          CompletableFuture.failedFuture(new AuthenticationException(4, "bad password")));
      MqttException refused = connectWithPaho(broker, "bad-password");
      assertThat(refused.getReasonCode())
          .isEqualTo(MqttException.REASON_CODE_FAILED_AUTHENTICATION).isEqualTo(4);
    }
  }

  @Test
  void authenticationExceptionReachesARawClientAsReturnCode() throws Exception {
    try (TestBroker broker = TestBroker.start()) {
      broker.aedes().authenticate((c, u, p) ->
          CompletableFuture.failedFuture(new AuthenticationException(3, "try later")));
      try (RawClient raw = RawClient.open(broker)) {
        raw.conn().connect(ConnectPacket.of(ProtocolVersion.MQTT_3_1_1, "later", true, 0));
        assertThat(raw.expect(ConnackPacket.class).returnCode()).isEqualTo(3);
        raw.awaitClosed();
      }
    }
  }

  @Test
  void hooksCompletingLaterOnAnotherThreadWork() throws Exception {
    try (TestBroker broker = TestBroker.start()) {
      List<String> threads = new CopyOnWriteArrayList<>();
      broker.aedes().preConnect((c, p) -> CompletableFuture.supplyAsync(() -> true,
          CompletableFuture.delayedExecutor(100, TimeUnit.MILLISECONDS)));
      broker.aedes().authenticate((c, user, p) -> CompletableFuture.supplyAsync(() -> {
        threads.add(Thread.currentThread().getName());
        return "late".equals(user);
      }, CompletableFuture.delayedExecutor(200, TimeUnit.MILLISECONDS)));
      MqttConnectOptions options = PahoClient.options(true);
      options.setUserName("late");
      options.setPassword("x".toCharArray());
      try (PahoClient paho = PahoClient.connect(broker, "async-ok", options)) {
        assertThat(paho.client().isConnected()).isTrue();
      }
      assertThat(threads).hasSize(1).allSatisfy(name -> assertThat(name).doesNotContain("nio"));
      MqttException refused = connectWithPaho(broker, "async-refused");
      assertThat(refused.getReasonCode()).isEqualTo(5);
    }
  }

  private static MqttException connectWithPaho(TestBroker broker, String clientId)
      throws MqttException {
    try (PahoClient paho = PahoClient.create(broker, clientId)) {
      return catchThrowableOfType(MqttException.class,
          () -> paho.client().connect(PahoClient.options(true)));
    }
  }
}
