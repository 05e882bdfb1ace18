package dev.aedes;

import dev.aedes.packet.PingreqPacket;
import dev.aedes.packet.PingrespPacket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** PINGREQ: answer PINGRESP ([MQTT-3.12.4-1]) and emit {@code ping}. */
final class PingreqHandler {
  private PingreqHandler() {
  }

  static CompletionStage<Void> handle(Client client, PingreqPacket packet) {
    client.conn.pingresp(PingrespPacket.INSTANCE);
    Events.emit(client.broker.events.ping, packet, client);
    return CompletableFuture.completedFuture(null);
  }
}
