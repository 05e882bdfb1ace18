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
      try {
        big.client.publish("t/big", new byte[2048], 0, false);
      } catch (org.eclipse.paho.client.mqttv3.MqttException e) {
        // the broker may close the connection before Paho has finished writing: expected
      }
      await().until(() -> !big.client.isConnected());
      assertThat(Metrics.value(server, "aedes_refused_total{reason=\"max_packet_size\"}"))
          .isEqualTo(1);
      assertRoundTrip(a, b);
    }
  }

  @Test
  void maxInflightHoldsBackAndMaxQueuedDropsForTheSlowClientOnly() throws Exception {
    try (AedesServer server = TestServer.start("--limits-max-inflight=1",
        "--limits-max-queued=1");
         PahoClient slow = PahoClient.connectManualAcks(TestServer.uri(server, Listener.TCP),
             "slow");
         PahoClient pub = PahoClient.connect(TestServer.uri(server, Listener.TCP), "pub");
         PahoClient a = PahoClient.connect(TestServer.uri(server, Listener.TCP), "a")) {
      slow.subscribe("slow/#", 1);
      for (int i = 0; i < 3; i++) {
        pub.publish("slow/" + i, "m", 1); // 0 in flight, 1 waits, 2 refused
      }
      await().untilAsserted(() -> assertThat(
          Metrics.value(server, "aedes_refused_total{reason=\"max_queued\"}")).isEqualTo(1));
      assertThat(Metrics.value(server, "aedes_messages_queued")).isEqualTo(2);
      assertThat(Metrics.value(server, "aedes_messages_dropped_total")).isEqualTo(1);
      assertThat(slow.next()).isEqualTo("slow/0=m@1");
      assertRoundTrip(a, pub);
      slow.ackOldest();
      assertThat(slow.next()).isEqualTo("slow/1=m@1");
      slow.ackOldest();
      await().untilAsserted(() -> assertThat(Metrics.value(server, "aedes_messages_queued"))
          .isEqualTo(0));
      pub.publish("slow/after", "m", 1);
      assertThat(slow.next()).as("the refused one never comes").isEqualTo("slow/after=m@1");
    }
  }

  private static void assertRoundTrip(PahoClient subscriber, PahoClient publisher)
      throws Exception {
    subscriber.subscribe("still/alive", 1);
    publisher.publish("still/alive", "yes", 1);
    assertThat(subscriber.next()).isEqualTo("still/alive=yes@1");
  }
}
