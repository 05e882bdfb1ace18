package dev.aedes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.aedes.packet.ConnackPacket;
import dev.aedes.packet.ConnectPacket;
import dev.aedes.packet.DisconnectPacket;
import dev.aedes.packet.Will;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The will (3.1.1 section 3.1.2.5): published when the connection is lost without DISCONNECT,
 * discarded after one. The client with the will is a raw Connection, so the test decides exactly
 * how it goes away; the observer is Paho.
 */
class WillIT {
  private static ConnectPacket connectWithWill(String clientId, int keepalive, boolean retain) {
    Will will = new Will("will/" + clientId, ("gone " + clientId).getBytes(StandardCharsets.UTF_8),
        1, retain);
    return ConnectPacket.of(4, clientId, true, keepalive).withWill(will);
  }

  private static RawClient connectedWithWill(TestBroker broker, String clientId, int keepalive)
      throws Exception {
    RawClient client = RawClient.open(broker);
    ConnackPacket connack = client.connect(connectWithWill(clientId, keepalive, false));
    assertThat(connack.returnCode()).isZero();
    return client;
  }

  @Test
  @DisplayName("[MQTT-3.1.2-8] the will is published when the socket drops without DISCONNECT")
  void willIsPublishedWhenTheSocketDrops() throws Exception {
    try (TestBroker broker = TestBroker.start();
         PahoClient observer = PahoClient.connect(broker, "observer", true)) {
      observer.subscribe("will/#", 1);
      try (RawClient dying = connectedWithWill(broker, "dying", 0)) {
        dying.destroy();
        PahoClient.Received will = observer.next();
        assertThat(will.topic()).isEqualTo("will/dying");
        assertThat(will.payload()).isEqualTo("gone dying");
        assertThat(will.qos()).isEqualTo(1);
      }
    }
  }

  @Test
  @DisplayName("[MQTT-3.1.2-24] a silent client is dropped after 1.5 keep alive periods, will published")
  void willIsPublishedOnKeepaliveTimeout() throws Exception {
    try (TestBroker broker = TestBroker.start();
         PahoClient observer = PahoClient.connect(broker, "observer", true)) {
      List<String> timedOut = new CopyOnWriteArrayList<>();
      broker.aedes().onKeepaliveTimeout(client -> timedOut.add(client.id()));
      observer.subscribe("will/#", 1);
      long start = System.nanoTime();
      try (RawClient silent = connectedWithWill(broker, "silent", 1)) {
        PahoClient.Received will = observer.next();
        long elapsedMillis = Duration.ofNanos(System.nanoTime() - start).toMillis();
        assertThat(will.topic()).isEqualTo("will/silent");
        assertThat(elapsedMillis).as("one and a half keep alive periods").isBetween(1400L, 4000L);
        assertThat(timedOut).containsExactly("silent");
        silent.awaitClosed();
      }
    }
  }

  @Test
  @DisplayName("[MQTT-3.1.0-2] a second CONNECT is a protocol error: connection closed, will published")
  void willIsPublishedOnProtocolError() throws Exception {
    try (TestBroker broker = TestBroker.start();
         PahoClient observer = PahoClient.connect(broker, "observer", true)) {
      List<Throwable> errors = new CopyOnWriteArrayList<>();
      broker.aedes().onClientError((client, error) -> errors.add(error));
      observer.subscribe("will/#", 1);
      try (RawClient rude = connectedWithWill(broker, "rude", 0)) {
        rude.send(ConnectPacket.of(4, "rude", true, 0));
        rude.awaitClosed();
        assertThat(observer.next().topic()).isEqualTo("will/rude");
        await().until(() -> errors.size() == 1);
      }
    }
  }

  @Test
  @DisplayName("[MQTT-3.1.2-10] [MQTT-3.14.4-3] no will after DISCONNECT")
  void willIsNotPublishedAfterDisconnect() throws Exception {
    try (TestBroker broker = TestBroker.start();
         PahoClient observer = PahoClient.connect(broker, "observer", true)) {
      List<String> disconnected = new CopyOnWriteArrayList<>();
      broker.aedes().onClientDisconnect(client -> disconnected.add(client.id()));
      observer.subscribe("will/#", 1);
      try (RawClient polite = connectedWithWill(broker, "polite", 0)) {
        polite.send(DisconnectPacket.NORMAL);
        polite.awaitClosed();
        await().until(() -> disconnected.contains("polite"));
      }
      try (PahoClient marker = PahoClient.connect(broker, "marker", true)) {
        marker.publish("will/marker", "marker", 1, false);
      }
      assertThat(observer.next().payload()).as("the will never came").isEqualTo("marker");
    }
  }

  @Test
  @DisplayName("[MQTT-3.1.2-17] a will with Will Retain set is stored as a retained message")
  void retainedWillIsStoredAsRetained() throws Exception {
    try (TestBroker broker = TestBroker.start()) {
      try (RawClient dying = RawClient.open(broker)) {
        assertThat(dying.connect(connectWithWill("kept", 0, true)).returnCode()).isZero();
        List<String> disconnected = new CopyOnWriteArrayList<>();
        broker.aedes().onClientDisconnect(client -> disconnected.add(client.id()));
        dying.destroy();
        await().until(() -> disconnected.contains("kept"));
      }
      try (PahoClient late = PahoClient.connect(broker, "late", true)) {
        late.subscribe("will/kept", 1);
        PahoClient.Received will = late.next();
        assertThat(will.payload()).isEqualTo("gone kept");
        assertThat(will.retained()).isTrue();
      }
    }
  }
}
