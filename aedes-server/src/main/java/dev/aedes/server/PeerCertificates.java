package dev.aedes.server;

import dev.aedes.Client;
import io.netty.channel.Channel;
import io.netty.handler.ssl.SslHandler;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * The verified client certificate of a client on a TLS or secure WebSocket listener, for an
 * {@code authenticate} hook: {@code PeerCertificates.subject(client)}.
 */
public final class PeerCertificates {
  private PeerCertificates() {
  }

  /** The client certificate, or null (no TLS, or no certificate presented). */
  public static X509Certificate certificate(Client client) {
    Channel channel = client.conn().channel();
    SslHandler ssl = channel == null ? null : channel.pipeline().get(SslHandler.class);
    if (ssl == null) {
      return null;
    }
    try {
      Certificate[] chain = ssl.engine().getSession().getPeerCertificates();
      return chain.length > 0 && chain[0] instanceof X509Certificate x509 ? x509 : null;
    } catch (SSLPeerUnverifiedException e) {
      return null;
    }
  }

  /** The client certificate's subject as an RFC 2253 name ("CN=device-1,O=Acme"), or null. */
  public static String subject(Client client) {
    X509Certificate certificate = certificate(client);
    return certificate == null ? null
        : certificate.getSubjectX500Principal().getName();
  }
}
