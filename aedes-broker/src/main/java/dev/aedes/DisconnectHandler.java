package dev.aedes;

import dev.aedes.packet.DisconnectPacket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * DISCONNECT: the client leaves cleanly, so its will is discarded ([MQTT-3.14.4-3]); MQTT 5's
 * reason 0x04 "Disconnect with Will Message" keeps it.
 */
final class DisconnectHandler {
  private DisconnectHandler() {
  }

  static CompletionStage<Void> handle(Client client, DisconnectPacket packet) {
    client.disconnected = packet.reasonCode() != 0x04;
    ClientLifecycle.close(client, null);
    return CompletableFuture.completedFuture(null);
  }
}
