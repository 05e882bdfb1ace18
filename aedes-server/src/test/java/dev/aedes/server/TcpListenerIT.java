package dev.aedes.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

class TcpListenerIT {
  @Test
  void aPortInUseFailsStartUpNamingTheListenerAndReleasesEverything() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int port = taken.getLocalPort();
      ServerConfig config = ServerConfig.load(new String[] {"--tcp-host=127.0.0.1",
          "--tcp-port=" + port, "--http-enabled=false", "--persistence=memory"}, Map.of());
      assertThatThrownBy(() -> AedesServer.start(config))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("tcp.port " + port)
          .hasMessageContaining("Address already in use");
    }
  }

  @Test
  void pahoPublishesAndReceivesAtEachQosOverTcp() throws Exception {
    try (AedesServer server = TestServer.start();
         PahoClient sub = PahoClient.connect(TestServer.uri(server, Listener.TCP), "sub");
         PahoClient pub = PahoClient.connect(TestServer.uri(server, Listener.TCP), "pub")) {
      sub.subscribe("t/#", 2);
      for (int qos = 0; qos <= 2; qos++) {
        pub.publish("t/" + qos, "hello", qos);
        assertThat(sub.next()).isEqualTo("t/" + qos + "=hello@" + qos);
      }
    }
  }

  @Test
  void clientAddressIsTheSocketPeerWithoutProxy() throws Exception {
    Set<Object> addresses = ConcurrentHashMap.newKeySet();
    try (AedesServer server = TestServer.start(
        aedes -> aedes.onClientReady(c -> addresses.add(c.remoteAddress())));
         PahoClient paho = PahoClient.connect(TestServer.uri(server, Listener.TCP), "a")) {
      await().until(() -> !addresses.isEmpty());
      InetSocketAddress address = (InetSocketAddress) addresses.iterator().next();
      assertThat(address.getAddress().getHostAddress()).isEqualTo("127.0.0.1");
    }
  }

  @Test
  void closeDisconnectsClientsAndStopsListening() throws Exception {
    AedesServer server = TestServer.start();
    int port = server.port(Listener.TCP);
    PahoClient paho = PahoClient.connect(TestServer.uri(server, Listener.TCP), "c");
    server.close();
    await().until(() -> !paho.client.isConnected());
    paho.close();
    assertThat(server.aedes().closed()).isTrue();
    assertThat(server.terminated().toCompletableFuture()).isCompleted();
    try (java.net.Socket socket = new java.net.Socket()) {
      org.assertj.core.api.Assertions.assertThatThrownBy(
          () -> socket.connect(new InetSocketAddress("127.0.0.1", port), 1000))
          .isInstanceOf(java.io.IOException.class);
    }
  }

}
