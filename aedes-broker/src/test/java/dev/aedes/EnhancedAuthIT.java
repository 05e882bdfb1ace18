package dev.aedes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aedes.auth.ScramClient;
import dev.aedes.auth.ScramCredential;
import dev.aedes.auth.ScramSha256Authenticator;
import dev.aedes.packet.AuthPacket;
import dev.aedes.packet.ConnackPacket;
import dev.aedes.packet.ConnectPacket;
import dev.aedes.packet.DisconnectPacket;
import dev.aedes.packet.PingreqPacket;
import dev.aedes.packet.PingrespPacket;
import dev.aedes.packet.Properties;
import dev.aedes.packet.PublishPacket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * MQTT 5 enhanced authentication ([MQTT 5.0] 4.12) with SCRAM-SHA-256 over real sockets, our
 * Connection speaking the client side with {@link ScramClient}.
 */
class EnhancedAuthIT {
  private static final String METHOD = ScramSha256Authenticator.METHOD;
  private static final Map<String, ScramCredential> USERS =
      Map.of("alice", ScramCredential.fromPassword("wonderland"));

  static TestBroker scramBroker() throws Exception {
    TestBroker broker = TestBroker.start();
    broker.aedes().enhancedAuthenticator(METHOD, new ScramSha256Authenticator(
        name -> CompletableFuture.completedFuture(USERS.get(name))));
    return broker;
  }

  static ConnectPacket connect(String clientId, String method, byte[] data) {
    Properties.Builder properties = Properties.builder().authenticationMethod(method);
    if (data != null) {
      properties.authenticationData(data);
    }
    return ConnectPacket.of(5, clientId, true, 0).withProperties(properties.build());
  }

  static AuthPacket auth(int reasonCode, String method, byte[] data) {
    return new AuthPacket(reasonCode,
        Properties.builder().authenticationMethod(method).authenticationData(data).build());
  }

  /** Runs the SCRAM exchange up to the CONNACK, which it returns. */
  static ConnackPacket scramConnect(RawClient client, ScramClient scram) throws Exception {
    client.send(connect("scram-client", METHOD, scram.clientFirst()));
    AuthPacket challenge = client.expect(AuthPacket.class);
    assertThat(challenge.reasonCode()).isEqualTo(0x18); // [MQTT-4.12.0-2]
    assertThat(challenge.properties().authenticationMethod()).isEqualTo(METHOD);
    client.send(auth(0x18, METHOD, scram.clientFinal(challenge.properties().authenticationData())));
    return client.expect(ConnackPacket.class);
  }

  @Test
  @DisplayName("[MQTT-4.12.0-2] [MQTT-4.12.0-5] SCRAM-SHA-256: CONNECT, AUTH 0x18 both ways, CONNACK 0 with the method and server-final-message")
  void scramExchangeConnects() throws Exception {
    try (TestBroker broker = scramBroker(); RawClient client = RawClient.open(broker)) {
      ScramClient scram = new ScramClient("alice", "wonderland", "fyko+d2lbbFgONRv9qkxdawL");
      ConnackPacket connack = scramConnect(client, scram);
      assertThat(connack.reasonCode()).isZero();
      assertThat(connack.properties().authenticationMethod()).isEqualTo(METHOD);
      assertThat(scram.verifyServerFinal(connack.properties().authenticationData())).isTrue();
      client.send(PingreqPacket.INSTANCE);
      client.expect(PingrespPacket.class);
    }
  }

  @Test
  void wrongPasswordGetsConnack0x87AndTheConnectionCloses() throws Exception {
    try (TestBroker broker = scramBroker(); RawClient client = RawClient.open(broker)) {
      ConnackPacket connack = scramConnect(client, new ScramClient("alice", "guess", "abc123"));
      assertThat(connack.reasonCode()).isEqualTo(0x87);
      assertThat(connack.properties().reasonString()).isEqualTo("authentication failed");
      client.awaitClosed();
    }
  }

  @Test
  void enhancedAuthenticationSkipsTheAuthenticateHook() throws Exception {
    try (TestBroker broker = scramBroker(); RawClient client = RawClient.open(broker)) {
      AtomicInteger asked = new AtomicInteger();
      broker.aedes().authenticate((c, user, password) -> {
        asked.incrementAndGet();
        return CompletableFuture.completedFuture(false);
      });
      ConnackPacket connack = scramConnect(client, new ScramClient("alice", "wonderland", "n1"));
      assertThat(connack.reasonCode()).isZero();
      assertThat(asked).hasValue(0);
    }
  }

  @Test
  @DisplayName("[MQTT-4.12.0-1] an unknown Authentication Method gets CONNACK 0x8C and the connection closes")
  void unknownMethodIsRefused() throws Exception {
    try (TestBroker broker = scramBroker(); RawClient client = RawClient.open(broker)) {
      client.send(connect("c1", "KERBEROS", null));
      assertThat(client.expect(ConnackPacket.class).reasonCode()).isEqualTo(0x8C);
      client.awaitClosed();
    }
  }

  @Test
  @DisplayName("[MQTT-4.12.0-1] without any authenticator every method is unknown: CONNACK 0x8C")
  void noAuthenticatorRegistered() throws Exception {
    try (TestBroker broker = TestBroker.start(); RawClient client = RawClient.open(broker)) {
      client.send(connect("c1", METHOD, new byte[] {1}));
      assertThat(client.expect(ConnackPacket.class).reasonCode()).isEqualTo(0x8C);
      client.awaitClosed();
    }
  }

  @Test
  @DisplayName("[MQTT-4.12.0-5] AUTH with another method during the exchange is a protocol error: CONNACK 0x82")
  void otherMethodDuringTheExchange() throws Exception {
    try (TestBroker broker = scramBroker(); RawClient client = RawClient.open(broker)) {
      ScramClient scram = new ScramClient("alice", "wonderland", "n2");
      client.send(connect("c1", METHOD, scram.clientFirst()));
      client.expect(AuthPacket.class);
      client.send(auth(0x18, "SCRAM-SHA-1", new byte[] {1}));
      assertThat(client.expect(ConnackPacket.class).reasonCode()).isEqualTo(0x82);
      client.awaitClosed();
    }
  }

  @Test
  @DisplayName("[MQTT-3.1.2-30] a PUBLISH before CONNACK during the exchange is a protocol error")
  void publishDuringTheExchange() throws Exception {
    try (TestBroker broker = scramBroker(); RawClient client = RawClient.open(broker)) {
      ScramClient scram = new ScramClient("alice", "wonderland", "n3");
      client.send(connect("c1", METHOD, scram.clientFirst()));
      client.expect(AuthPacket.class);
      client.send(new PublishPacket("t", new byte[0], 0, 0, false));
      assertThat(client.expect(ConnackPacket.class).reasonCode()).isEqualTo(0x82);
      client.awaitClosed();
    }
  }

  @Test
  void unansweredChallengeClosesAfterTheConnectTimeout() throws Exception {
    try (TestBroker broker = TestBroker.start(new AedesOptions().connectTimeout(300))) {
      broker.aedes().enhancedAuthenticator(METHOD, new ScramSha256Authenticator(
          name -> CompletableFuture.completedFuture(USERS.get(name))));
      try (RawClient client = RawClient.open(broker)) {
        client.send(connect("slow", METHOD, new ScramClient("alice", "w", "n9").clientFirst()));
        client.expect(AuthPacket.class);
        client.awaitClosed();
        assertThat(client.pending()).isEmpty();
      }
    }
  }

  @Test
  @DisplayName("[MQTT-4.12.1-1] re-authentication: AUTH 0x19, AUTH 0x18 both ways, AUTH 0x00 with the server-final-message")
  void reauthenticationSucceeds() throws Exception {
    try (TestBroker broker = scramBroker(); RawClient client = RawClient.open(broker)) {
      assertThat(scramConnect(client, new ScramClient("alice", "wonderland", "n4"))
          .reasonCode()).isZero();
      ScramClient again = new ScramClient("alice", "wonderland", "n5");
      client.send(auth(0x19, METHOD, again.clientFirst()));
      AuthPacket challenge = client.expect(AuthPacket.class);
      assertThat(challenge.reasonCode()).isEqualTo(0x18);
      // other packets go on with the previous authentication meanwhile (4.12.1)
      client.send(PingreqPacket.INSTANCE);
      client.expect(PingrespPacket.class);
      client.send(auth(0x18, METHOD, again.clientFinal(challenge.properties().authenticationData())));
      AuthPacket done = client.expect(AuthPacket.class);
      assertThat(done.reasonCode()).isZero();
      assertThat(done.properties().authenticationMethod()).isEqualTo(METHOD);
      assertThat(again.verifyServerFinal(done.properties().authenticationData())).isTrue();
      assertThat(client.isOpen()).isTrue();
    }
  }

  @Test
  @DisplayName("[MQTT-4.12.1-2] failed re-authentication: DISCONNECT 0x87 and the connection closes")
  void reauthenticationFailureDisconnects() throws Exception {
    try (TestBroker broker = scramBroker(); RawClient client = RawClient.open(broker)) {
      scramConnect(client, new ScramClient("alice", "wonderland", "n6"));
      ScramClient wrong = new ScramClient("alice", "queen", "n7");
      client.send(auth(0x19, METHOD, wrong.clientFirst()));
      AuthPacket challenge = client.expect(AuthPacket.class);
      client.send(auth(0x18, METHOD, wrong.clientFinal(challenge.properties().authenticationData())));
      DisconnectPacket disconnect = client.expect(DisconnectPacket.class);
      assertThat(disconnect.reasonCode()).isEqualTo(0x87);
      assertThat(disconnect.properties().reasonString()).isEqualTo("authentication failed");
      client.awaitClosed();
    }
  }

  @Test
  @DisplayName("[MQTT-4.12.1-1] re-authentication with another method: DISCONNECT 0x82")
  void reauthenticationWithAnotherMethod() throws Exception {
    try (TestBroker broker = scramBroker(); RawClient client = RawClient.open(broker)) {
      scramConnect(client, new ScramClient("alice", "wonderland", "n8"));
      client.send(auth(0x19, "PLAIN", "x".getBytes(StandardCharsets.UTF_8)));
      assertThat(client.expect(DisconnectPacket.class).reasonCode()).isEqualTo(0x82);
      client.awaitClosed();
    }
  }

  @Test
  @DisplayName("[MQTT-4.12.0-6] AUTH from a client whose CONNECT named no method: DISCONNECT 0x82")
  void authWithoutEnhancedAuthentication() throws Exception {
    try (TestBroker broker = scramBroker(); RawClient client = RawClient.open(broker)) {
      assertThat(client.connect(ConnectPacket.of(5, "plain", true, 0)).reasonCode()).isZero();
      client.send(auth(0x19, METHOD, new byte[] {1}));
      assertThat(client.expect(DisconnectPacket.class).reasonCode()).isEqualTo(0x82);
      client.awaitClosed();
    }
  }
}
