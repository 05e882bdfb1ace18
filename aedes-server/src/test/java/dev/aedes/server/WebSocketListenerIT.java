package dev.aedes.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.aedes.Client;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WebSocketListenerIT {
  @Test
  void pahoPublishesAndReceivesOverWs() throws Exception {
    try (AedesServer server = TestServer.start("--ws-enabled");
         PahoClient paho = PahoClient.connect(TestServer.uri(server, Listener.WS), "ws")) {
      paho.subscribe("web/#", 2);
      paho.publish("web/1", "over ws", 2);
      assertThat(paho.next()).isEqualTo("web/1=over ws@2");
    }
  }

  @Test
  void pahoPublishesAndReceivesOverWss(@TempDir Path dir) throws Exception {
    TestCertificates certs = new TestCertificates(dir);
    try (AedesServer server = TestServer.start(certs.tlsFlags("--wss-enabled"));
         PahoClient paho = PahoClient.connect(TestServer.uri(server, Listener.WSS), "wss",
             PahoClient.options(certs.clientContext(false).getSocketFactory()))) {
      paho.subscribe("web/#", 1);
      paho.publish("web/2", "over wss", 1);
      assertThat(paho.next()).isEqualTo("web/2=over wss@1");
    }
  }

  @Test
  void upgradeRequestHeadersReachClientReq() throws Exception {
    AtomicReference<Map<String, String>> req = new AtomicReference<>();
    try (AedesServer server = TestServer.start(
        aedes -> aedes.authenticate((client, user, password) -> {
          req.set(client.req());
          return java.util.concurrent.CompletableFuture.completedFuture(true);
        }), "--ws-enabled");
         PahoClient paho = PahoClient.connect(TestServer.uri(server, Listener.WS), "hdr",
             withHeader("X-Device", "sensor-7"))) {
      assertThat(req.get()).containsEntry("x-device", "sensor-7")
          .containsKey("sec-websocket-protocol").containsKey("host");
    }
  }

  @Test
  void forwardedForIsTheClientAddressWhenProxyIsTrusted() throws Exception {
    AtomicReference<Client> ready = new AtomicReference<>();
    try (AedesServer server = TestServer.start(aedes -> aedes.onClientReady(ready::set),
        "--ws-enabled", "--trust-proxy");
         PahoClient paho = PahoClient.connect(TestServer.uri(server, Listener.WS), "xff",
             withHeader("X-Forwarded-For", "198.51.100.23, 10.0.0.1"))) {
      await().until(() -> ready.get() != null);
      InetSocketAddress address = (InetSocketAddress) ready.get().remoteAddress();
      assertThat(address.getAddress().getHostAddress()).isEqualTo("198.51.100.23");
    }
  }

  @Test
  void forwardedForIsIgnoredWhenProxyIsNotTrusted() throws Exception {
    AtomicReference<Client> ready = new AtomicReference<>();
    try (AedesServer server = TestServer.start(aedes -> aedes.onClientReady(ready::set),
        "--ws-enabled");
         PahoClient paho = PahoClient.connect(TestServer.uri(server, Listener.WS), "xff",
             withHeader("X-Forwarded-For", "198.51.100.23"))) {
      await().until(() -> ready.get() != null);
      InetSocketAddress address = (InetSocketAddress) ready.get().remoteAddress();
      assertThat(address.getAddress().getHostAddress()).isEqualTo("127.0.0.1");
    }
  }

  private static MqttConnectOptions withHeader(String name, String value) {
    MqttConnectOptions options = PahoClient.options(null);
    Properties headers = new Properties();
    headers.setProperty(name, value);
    options.setCustomWebSocketHeaders(headers);
    return options;
  }
}
