package dev.aedes.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.util.ArrayList;
import java.util.List;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.junit.jupiter.api.Test;

/** Each limit refuses the extra connection or packet while the other clients carry on. */
class LimitsIT {
  @Test
  void maxConnectionsRefusesTheExtraConnection() throws Exception {
    try (AedesServer server = TestServer.start("--limits-max-connections=2");
         PahoClient a = PahoClient.connect(TestServer.uri(server, Listener.TCP), "a");
         PahoClient b = PahoClient.connect(TestServer.uri(server, Listener.TCP), "b")) {
      assertThatThrownBy(() -> PahoClient.connect(TestServer.uri(server, Listener.TCP), "c"))
          .isInstanceOf(MqttException.class);
      assertThat(Metrics.value(server, "aedes_refused_total{reason=\"max_connections\"}"))
          .isEqualTo(1);
      assertRoundTrip(a, b);
      b.close();
      await().until(() -> server.aedes().connectedClients() == 1);
      try (PahoClient c = PahoClient.connect(TestServer.uri(server, Listener.TCP), "c")) {
        assertRoundTrip(a, c);
      }
    }
  }

  @Test
  void connectRateRefusesConnectionsAboveTheRate() throws Exception {
    List<PahoClient> clients = new ArrayList<>();
    int refused = 0;
    try (AedesServer server = TestServer.start("--limits-connect-rate=2")) {
      // Five connects in well under a second span at most two one-second windows, so one
      // window sees at least three: at least one is refused.
      for (int i = 0; i < 5; i++) {
        try {
          clients.add(PahoClient.connect(TestServer.uri(server, Listener.TCP), "r" + i));
        } catch (MqttException e) {
          refused++;
        }
      }
      assertThat(refused).isGreaterThanOrEqualTo(1);
      assertThat(clients).hasSizeGreaterThanOrEqualTo(2);
      assertThat(Metrics.value(server, "aedes_refused_total{reason=\"connect_rate\"}"))
          .isEqualTo(refused);
      assertRoundTrip(clients.get(0), clients.get(1));
    } finally {
      for (PahoClient client : clients) {
        client.close();
      }
    }
  }

  @Test
  void maxPacketSizeClosesTheSenderOnly() throws Exception {
    try (AedesServer server = TestServer.start("--limits-max-packet-size=1024");
         PahoClient big = PahoClient.connect(TestServer.uri(server, Listener.TCP), "big");
         PahoClient a = PahoClient.connect(TestServer.uri(server, Listener.TCP), "a");
         PahoClient b = PahoClient.connect(TestServer.uri(server, Listener.TCP), "b")) {
      big.client.publish("t/big", new byte[2048], 0, false);
      await().until(() -> !big.client.isConnected());
      assertThat(Metrics.value(server, "aedes_refused_total{reason=\"max_packet_size\"}"))
          .isEqualTo(1);
      assertRoundTrip(a, b);
    }
  }

  private static void assertRoundTrip(PahoClient subscriber, PahoClient publisher)
      throws Exception {
    subscriber.subscribe("still/alive", 1);
    publisher.publish("still/alive", "yes", 1);
    assertThat(subscriber.next()).isEqualTo("still/alive=yes@1");
  }
}
