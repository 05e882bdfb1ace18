package dev.aedes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.InputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A connection that never sends CONNECT is closed after {@code connectTimeout} (3.1.1 section
 * 3.1.4: a Server closes a connection that does not open with CONNECT).
 */
class ConnectTimeoutIT {
  @Test
  @DisplayName("a silent TCP connection is closed after connectTimeout with connectionError")
  void silentConnectionIsClosedAfterConnectTimeout() throws Exception {
    try (TestBroker broker = TestBroker.start(new AedesOptions().connectTimeout(300));
         Socket socket = new Socket("127.0.0.1", broker.port())) {
      List<Throwable> errors = new CopyOnWriteArrayList<>();
      broker.aedes().onConnectionError((client, error) -> errors.add(error));
      socket.setSoTimeout(5_000);
      long start = System.nanoTime();
      InputStream in = socket.getInputStream();
      assertThat(in.read()).as("closed by the broker, nothing sent").isEqualTo(-1);
      long elapsedMillis = Duration.ofNanos(System.nanoTime() - start).toMillis();
      assertThat(elapsedMillis).isBetween(200L, 3_000L);
      await().until(() -> errors.size() == 1);
      assertThat(errors.get(0)).hasMessageContaining("connect");
    }
  }

  @Test
  @DisplayName("a connection that sends CONNECT in time stays open past connectTimeout")
  void connectionThatConnectsInTimeStaysOpen() throws Exception {
    try (TestBroker broker = TestBroker.start(new AedesOptions().connectTimeout(300));
         Socket socket = new Socket("127.0.0.1", broker.port())) {
      socket.setSoTimeout(5_000);
      // a bare socket, so that CONNECT leaves at once even on a cold, busy JVM
      socket.getOutputStream().write(new byte[] {
          0x10, 0x0D, // CONNECT; remaining length 13
          0x00, 0x04, 'M', 'Q', 'T', 'T', 0x04, // protocol name and level 4 (3.1.1)
          0x02, 0x00, 0x00, // Clean Session; keep alive 0
          0x00, 0x01, 'p'}); // client id "p"
      assertThat(socket.getInputStream().readNBytes(4))
          .as("CONNACK accepted").containsExactly(0x20, 0x02, 0x00, 0x00);
      await().during(Duration.ofMillis(600)).atMost(Duration.ofSeconds(2))
          .until(() -> broker.aedes().connectedClients() == 1);
      socket.getOutputStream().write(new byte[] {(byte) 0xC0, 0x00}); // PINGREQ
      assertThat(socket.getInputStream().readNBytes(2)).as("PINGRESP")
          .containsExactly(0xD0, 0x00);
    }
  }

  /** CONNECT at 3.1.1, clean, with this keep alive in seconds, client id "k". */
  private static void connect(Socket socket, int keepAliveSeconds) throws Exception {
    socket.getOutputStream().write(new byte[] {
        0x10, 0x0D, 0x00, 0x04, 'M', 'Q', 'T', 'T', 0x04,
        0x02, 0x00, (byte) keepAliveSeconds, 0x00, 0x01, 'k'});
    assertThat(socket.getInputStream().readNBytes(4))
        .as("CONNACK accepted").containsExactly(0x20, 0x02, 0x00, 0x00);
  }

  @Test
  @DisplayName("a keep alive shorter than the connect timeout closes a silent client in time")
  void keepAliveShorterThanConnectTimeoutStillApplies() throws Exception {
    try (TestBroker broker = TestBroker.start(new AedesOptions().connectTimeout(60_000));
         Socket socket = new Socket("127.0.0.1", broker.port())) {
      List<String> timedOut = new CopyOnWriteArrayList<>();
      broker.aedes().onKeepaliveTimeout(client -> timedOut.add(client.id()));
      socket.setSoTimeout(20_000);
      connect(socket, 1);
      long start = System.nanoTime();
      assertThat(socket.getInputStream().read()).as("closed by the broker").isEqualTo(-1);
      // 1.5 keep alive periods, long before the 60 s connect timeout would have fired
      assertThat(Duration.ofNanos(System.nanoTime() - start).toMillis()).isLessThan(15_000L);
      await().until(() -> timedOut.equals(List.of("k")));
    }
  }

  @Test
  @DisplayName("once connectTimeout has passed, the same timer watches the keep alive")
  void keepAliveIsWatchedAfterTheConnectTimeoutPassed() throws Exception {
    try (TestBroker broker = TestBroker.start(new AedesOptions().connectTimeout(300));
         Socket socket = new Socket("127.0.0.1", broker.port())) {
      List<String> timedOut = new CopyOnWriteArrayList<>();
      broker.aedes().onKeepaliveTimeout(client -> timedOut.add(client.id()));
      socket.setSoTimeout(20_000);
      long start = System.nanoTime();
      connect(socket, 1);
      assertThat(socket.getInputStream().read()).as("closed by the broker").isEqualTo(-1);
      // not at the connect timeout (300 ms) but at 1.5 keep alive periods (1500 ms)
      assertThat(Duration.ofNanos(System.nanoTime() - start).toMillis()).isGreaterThan(1_000L);
      await().until(() -> timedOut.equals(List.of("k")));
    }
  }
}
