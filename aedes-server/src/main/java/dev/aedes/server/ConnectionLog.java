package dev.aedes.server;

import dev.aedes.Aedes;
import dev.aedes.Client;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One DEBUG line per client connect and disconnect (at INFO they cost a broker with many
 * connecting clients more than the connects themselves), keepalive timeouts at INFO, and client
 * errors with their cause at WARN.
 */
final class ConnectionLog {
  private static final Logger LOG = LoggerFactory.getLogger("dev.aedes.server.clients");

  private ConnectionLog() {
  }

  static void bind(Aedes aedes) {
    aedes.onClientReady(client -> {
      if (LOG.isDebugEnabled()) {
        LOG.debug("client connected: id={} address={} protocol={}", client.id(),
            address(client), client.protocolVersion());
      }
    });
    aedes.onClientDisconnect(client -> {
      if (LOG.isDebugEnabled()) {
        LOG.debug("client disconnected: id={} address={}", client.id(), address(client));
      }
    });
    aedes.onClientError((client, error) -> logError("client error", client, error));
    aedes.onConnectionError((client, error) -> logError("connection error", client, error));
    aedes.onKeepaliveTimeout(client -> LOG.info("keepalive timeout: id={} address={}",
        client.id(), address(client)));
  }

  private static void logError(String what, Client client, Throwable error) {
    if (error instanceof IOException || error instanceof dev.aedes.packet.PacketException) {
      // Peers that vanish or send bad bytes are routine: the reason without a stack trace.
      LOG.warn("{}: id={} address={}: {}", what, client.id(), address(client), error.toString());
    } else {
      LOG.warn("{}: id={} address={}", what, client.id(), address(client), error);
    }
  }

  static String address(Client client) {
    java.net.SocketAddress address = client.remoteAddress();
    return address == null ? "-" : address.toString();
  }
}
