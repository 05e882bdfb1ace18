package dev.aedes.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aedes.packet.ConnackPacket;
import dev.aedes.packet.ConnectPacket;
import dev.aedes.packet.Generator;
import dev.aedes.packet.Packet;
import dev.aedes.packet.Parser;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.junit.jupiter.api.Test;

/** The built-in authenticator: right credentials in, anonymous and wrong ones refused. */
class UserAuthIT {
  private static final String USERS = "--users=alice:"
      + PasswordHash.hash("alice-pw".toCharArray(), 1000, new SecureRandom())
      + ",bob:" + PasswordHash.hash("bob-pw".toCharArray(), 1000, new SecureRandom());

  @Test
  void rightCredentialsConnectAndCarryMessages() throws Exception {
    try (AedesServer server = TestServer.start(USERS);
         PahoClient alice = PahoClient.connect(uri(server), "a", credentials("alice", "alice-pw"));
         PahoClient bob = PahoClient.connect(uri(server), "b", credentials("bob", "bob-pw"))) {
      alice.subscribe("auth/#", 1);
      bob.publish("auth/1", "hi", 1);
      assertThat(alice.next()).isEqualTo("auth/1=hi@1");
    }
  }

  @Test
  void wrongPasswordUnknownUserAndAnonymousGetReturnCode4() throws Exception {
    try (AedesServer server = TestServer.start(USERS)) {
      for (MqttConnectOptions options : List.of(credentials("alice", "bob-pw"),
          credentials("mallory", "alice-pw"), credentials("alice", ""),
          PahoClient.options(null))) {
        assertThatThrownBy(() -> PahoClient.connect(uri(server), "x", options))
            .isInstanceOfSatisfying(MqttException.class, e -> assertThat(e.getReasonCode())
                .isEqualTo(MqttException.REASON_CODE_FAILED_AUTHENTICATION));
      }
      assertThat(server.aedes().connectedClients()).isZero();
    }
  }

  @Test
  void mqtt5ClientWithWrongPasswordGetsReasonCode0x86() throws Exception {
    try (AedesServer server = TestServer.start(USERS);
         Socket socket = new Socket("127.0.0.1", server.port(Listener.TCP))) {
      socket.setSoTimeout(5000);
      ConnectPacket connect = ConnectPacket.of(5, "v5", true, 30)
          .withCredentials("alice", "nope".getBytes(StandardCharsets.UTF_8));
      socket.getOutputStream().write(Generator.toBytes(connect, 5));
      ConnackPacket connack = (ConnackPacket) readOne(socket.getInputStream());
      assertThat(connack.reasonCode()).isEqualTo(0x86); // Bad User Name or Password
    }
  }

  @Test
  void withoutUsersAnonymousClientsAreAccepted() throws Exception {
    try (AedesServer server = TestServer.start();
         PahoClient anonymous = PahoClient.connect(uri(server), "anon")) {
      assertThat(anonymous.client.isConnected()).isTrue();
    }
  }

  private static Packet readOne(InputStream in) throws Exception {
    Parser parser = new Parser(Parser.MAX_PACKET_SIZE, 5);
    List<Packet> packets = new ArrayList<>();
    byte[] buffer = new byte[256];
    try {
      for (int i = 0; i < 100 && packets.isEmpty(); i++) {
        int n = in.read(buffer);
        if (n < 0) {
          break;
        }
        parser.feed(buffer, 0, n, packets::add);
      }
    } finally {
      parser.release();
    }
    assertThat(packets).as("a packet before the connection closed").isNotEmpty();
    return packets.get(0);
  }

  private static String uri(AedesServer server) {
    return TestServer.uri(server, Listener.TCP);
  }

  private static MqttConnectOptions credentials(String username, String password) {
    MqttConnectOptions options = PahoClient.options(null);
    options.setUserName(username);
    options.setPassword(password.toCharArray());
    return options;
  }
}
