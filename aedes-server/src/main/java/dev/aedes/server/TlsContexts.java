package dev.aedes.server;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import javax.net.ssl.SSLException;

/** The server's TLS context from the {@code tls.*} keys: PEM files, optional client auth. */
final class TlsContexts {
  private TlsContexts() {
  }

  static SslContext server(ServerConfig config) {
    try {
      SslContextBuilder builder = SslContextBuilder.forServer(
          config.file("tls.cert").toFile(), config.file("tls.key").toFile(),
          config.string("tls.keyPassword"));
      if (config.file("tls.ca") != null) {
        builder.trustManager(config.file("tls.ca").toFile());
      }
      builder.clientAuth(switch (config.string("tls.clientAuth")) {
        case "require" -> ClientAuth.REQUIRE;
        case "optional" -> ClientAuth.OPTIONAL;
        default -> ClientAuth.NONE;
      });
      return builder.build();
    } catch (SSLException | IllegalArgumentException e) {
      throw new ConfigException("Invalid TLS files (tls.cert, tls.key, tls.ca): "
          + e.getMessage());
    }
  }
}
