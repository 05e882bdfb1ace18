package dev.aedes;

import dev.aedes.packet.DisconnectPacket;
import dev.aedes.packet.PacketException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * DISCONNECT: the client leaves cleanly, so its will is discarded ([MQTT-3.14.4-3]); MQTT 5's
 * reason 0x04 "Disconnect with Will Message" keeps it. An MQTT 5 DISCONNECT may change the
 * Session Expiry Interval, but not from 0.
 */
final class DisconnectHandler {
  private DisconnectHandler() {
  }

  static CompletionStage<Void> handle(Client client, DisconnectPacket packet) {
    Long expiry = packet.properties().sessionExpiryInterval();
    if (expiry != null) {
      if (client.connectExpiryZero && expiry != 0) {
        // MQTT 5.0 3.14.2.2.2: a session that ends with the connection cannot be made to last
        return CompletableFuture.failedFuture(PacketException.protocolError(
            "DISCONNECT sets a Session Expiry Interval after CONNECT set 0"));
      }
      client.sessionExpiry = expiry;
    }
    // a changed interval of a session that outlives the connection is stored for a restart
    if (expiry != null && expiry != 0 && client.persistentSession()) {
      client.broker.sessions.storeExpiry(client);
    }
    client.disconnectReasonCode = packet.reasonCode(); // reported with clientDisconnect
    client.disconnected = packet.reasonCode() != 0x04;
    ClientLifecycle.close(client, null);
    return CompletableFuture.completedFuture(null);
  }
}
