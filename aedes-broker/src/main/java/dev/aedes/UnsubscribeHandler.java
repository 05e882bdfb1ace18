package dev.aedes;

import dev.aedes.packet.ProtocolVersion;
import dev.aedes.packet.UnsubackPacket;
import dev.aedes.packet.UnsubscribePacket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** UNSUBSCRIBE: forget the filters in session, tree and persistence, then UNSUBACK. */
final class UnsubscribeHandler {
  private UnsubscribeHandler() {
  }

  static CompletionStage<Void> handle(Client client, UnsubscribePacket packet) {
    Aedes broker = client.broker;
    List<Integer> codes = new ArrayList<>();
    for (String filter : packet.unsubscriptions()) {
      boolean existed = client.session.subscriptions().remove(filter) != null;
      client.session.subscriptionIdentifiers().remove(filter);
      broker.subscriptions.remove(filter, client.id);
      codes.add(existed ? 0x00 : 0x11); // 0x11: No subscription existed (MQTT 5)
    }
    CompletionStage<Void> stored = client.session.clean()
        ? CompletableFuture.completedFuture(null)
        : broker.persistence.removeSubscriptions(client.id, packet.unsubscriptions());
    return stored.thenRunAsync(() -> {
      client.conn.unsuback(client.protocolVersion == ProtocolVersion.MQTT_5
          ? new UnsubackPacket(packet.messageId(), codes, null)
          : new UnsubackPacket(packet.messageId()));
      Events.emit(broker.events.unsubscribe, packet.unsubscriptions(), client);
      broker.sys.newUnsubscribers(client, packet.unsubscriptions());
    }, client.lane);
  }
}
