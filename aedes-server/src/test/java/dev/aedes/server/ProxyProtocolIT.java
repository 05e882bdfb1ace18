package dev.aedes.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.aedes.Client;
import dev.aedes.packet.ConnectPacket;
import dev.aedes.packet.Generator;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** PROXY protocol headers written raw in front of CONNECT set the client's address. */
class ProxyProtocolIT {
  private static final byte[] V2_SIGNATURE = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51,
      0x55, 0x49, 0x54, 0x0A};

  @Test
  void proxyV1HeaderSetsClientAddress() throws Exception {
    byte[] header = "PROXY TCP4 203.0.113.7 127.0.0.1 56324 1883\r\n"
        .getBytes(StandardCharsets.US_ASCII);
    assertThat(addressSeenAfter(header, "--trust-proxy"))
        .isEqualTo(new InetSocketAddress("203.0.113.7", 56324));
  }

  @Test
  void proxyV2HeaderSetsClientAddress() throws Exception {
    ByteArrayOutputStream header = new ByteArrayOutputStream();
    header.write(V2_SIGNATURE);
    header.write(0x21); // version 2, PROXY command
    header.write(0x11); // AF_INET, STREAM
    header.write(new byte[] {0x00, 0x0C}); // 12 address bytes follow
    header.write(new byte[] {(byte) 198, 51, 100, 9}); // source 198.51.100.9
    header.write(new byte[] {127, 0, 0, 1}); // destination
    header.write(new byte[] {(byte) 0xC3, 0x50}); // source port 50000
    header.write(new byte[] {0x07, 0x5B}); // destination port 1883
    assertThat(addressSeenAfter(header.toByteArray(), "--trust-proxy"))
        .isEqualTo(new InetSocketAddress("198.51.100.9", 50000));
  }

  @Test
  void connectionWithoutHeaderKeepsSocketAddressWhenProxyIsTrusted() throws Exception {
    InetSocketAddress address = addressSeenAfter(new byte[0], "--trust-proxy");
    assertThat(address.getAddress().getHostAddress()).isEqualTo("127.0.0.1");
  }

  @Test
  void proxyV2HeaderOverTlsSetsClientAddress(@org.junit.jupiter.api.io.TempDir
      java.nio.file.Path dir) throws Exception {
    TestCertificates certs = new TestCertificates(dir);
    AtomicReference<Client> ready = new AtomicReference<>();
    try (AedesServer server = TestServer.start(aedes -> aedes.onClientReady(ready::set),
        certs.tlsFlags("--tls-enabled", "--trust-proxy"));
         Socket raw = new Socket("127.0.0.1", server.port(Listener.TLS))) {
      raw.getOutputStream().write("PROXY TCP6 2001:db8::5 ::1 4242 8883\r\n"
          .getBytes(StandardCharsets.US_ASCII));
      raw.getOutputStream().flush();
      try (javax.net.ssl.SSLSocket tls = (javax.net.ssl.SSLSocket) certs.clientContext(false)
          .getSocketFactory().createSocket(raw, "127.0.0.1", raw.getPort(), false)) {
        tls.getOutputStream().write(Generator.toBytes(ConnectPacket.of(4, "tls-proxied",
            true, 0), 4));
        assertThat(readConnack(tls.getInputStream())).isEqualTo(0);
        await().until(() -> ready.get() != null);
        assertThat(ready.get().remoteAddress())
            .isEqualTo(new InetSocketAddress("2001:db8::5", 4242));
      }
    }
  }

  private static InetSocketAddress addressSeenAfter(byte[] header, String... flags)
      throws Exception {
    AtomicReference<Client> ready = new AtomicReference<>();
    try (AedesServer server = TestServer.start(aedes -> aedes.onClientReady(ready::set), flags);
         Socket socket = new Socket("127.0.0.1", server.port(Listener.TCP))) {
      byte[] connect = Generator.toBytes(ConnectPacket.of(4, "proxied", true, 0), 4);
      socket.getOutputStream().write(header);
      socket.getOutputStream().write(connect);
      socket.getOutputStream().flush();
      assertThat(readConnack(socket.getInputStream())).isEqualTo(0);
      await().until(() -> ready.get() != null);
      return (InetSocketAddress) ready.get().remoteAddress();
    }
  }

  /** Reads a 3.1.1 CONNACK and returns its return code. */
  private static int readConnack(InputStream in) throws Exception {
    byte[] connack = in.readNBytes(4);
    assertThat(connack[0]).isEqualTo((byte) 0x20);
    return connack[3];
  }
}
