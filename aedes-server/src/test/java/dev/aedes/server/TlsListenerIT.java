package dev.aedes.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsListenerIT {
  @TempDir
  static Path dir;
  static TestCertificates certs;

  @BeforeAll
  static void makeCertificates() throws Exception {
    certs = new TestCertificates(dir);
  }

  @Test
  void pahoPublishesAndReceivesOverSsl() throws Exception {
    try (AedesServer server = TestServer.start(certs.tlsFlags("--tls-enabled")) ;
         PahoClient paho = PahoClient.connect(TestServer.uri(server, Listener.TLS), "tls",
             PahoClient.options(certs.clientContext(false).getSocketFactory()))) {
      paho.subscribe("secure/#", 1);
      paho.publish("secure/1", "over tls", 1);
      assertThat(paho.next()).isEqualTo("secure/1=over tls@1");
    }
  }

  @Test
  void requiredClientCertificateSubjectReachesAuthenticate() throws Exception {
    AtomicReference<String> subject = new AtomicReference<>();
    try (AedesServer server = TestServer.start(aedes -> aedes.authenticate((client, user, pw) -> {
      subject.set(PeerCertificates.subject(client));
      return CompletableFuture.completedFuture(subject.get() != null);
    }), certs.tlsFlags("--tls-enabled", "--tls-ca=" + certs.caCert,
        "--tls-client-auth=require"));
         PahoClient paho = PahoClient.connect(TestServer.uri(server, Listener.TLS), "device",
             PahoClient.options(certs.clientContext(true).getSocketFactory()))) {
      assertThat(paho.client.isConnected()).isTrue();
      assertThat(subject.get()).isEqualTo("CN=device-1,O=Aedes Test");
    }
  }

  @Test
  void clientWithoutCertificateIsRefusedWhenOneIsRequired() throws Exception {
    try (AedesServer server = TestServer.start(certs.tlsFlags("--tls-enabled",
        "--tls-ca=" + certs.caCert, "--tls-client-auth=require"))) {
      assertThatThrownBy(() -> PahoClient.connect(TestServer.uri(server, Listener.TLS), "anon",
          PahoClient.options(certs.clientContext(false).getSocketFactory()))
          .close()).isInstanceOf(MqttException.class);
    }
  }
}
