package dev.aedes;

import dev.aedes.packet.AuthPacket;
import dev.aedes.packet.ConnectPacket;
import dev.aedes.packet.DisconnectPacket;
import dev.aedes.packet.Packet;
import dev.aedes.packet.PacketException;
import dev.aedes.packet.PingreqPacket;
import dev.aedes.packet.PubackPacket;
import dev.aedes.packet.PubcompPacket;
import dev.aedes.packet.PublishPacket;
import dev.aedes.packet.PubrecPacket;
import dev.aedes.packet.PubrelPacket;
import dev.aedes.packet.SubscribePacket;
import dev.aedes.packet.UnsubscribePacket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The one switch from a client's packet to its handler (Aedes's handlers/index.js). Before the
 * session is set up only CONNECT is allowed ([MQTT-3.1.0-1]); a second CONNECT
 * ([MQTT-3.1.0-2]) or a packet only a server sends is a protocol error that closes the client.
 */
final class PacketDispatcher {
  private PacketDispatcher() {
  }

  static CompletionStage<Void> dispatch(Client client, Packet packet) {
    if (!client.accepted) {
      if (packet instanceof ConnectPacket connect && !client.connecting) {
        return ConnectHandler.handle(client, connect);
      }
      if (packet instanceof AuthPacket auth && client.authPending != null) {
        return AuthHandler.handle(client, auth); // the exchange before CONNACK ([MQTT 5.0] 4.12)
      }
      return protocolError(packet.type() + " before the session was set up [MQTT-3.1.0-1]");
    }
    switch (packet.type()) {
      case PUBLISH:
        return PublishHandler.handle(client, FlowControl.admit(client, (PublishPacket) packet));
      case PUBACK:
        return client.outbound.onPuback((PubackPacket) packet);
      case PUBREC:
        return client.outbound.onPubrec((PubrecPacket) packet);
      case PUBREL:
        return PublishHandler.handlePubrel(client, (PubrelPacket) packet);
      case PUBCOMP:
        return client.outbound.onPubcomp((PubcompPacket) packet);
      case SUBSCRIBE:
        return SubscribeHandler.handle(client, (SubscribePacket) packet);
      case UNSUBSCRIBE:
        return UnsubscribeHandler.handle(client, (UnsubscribePacket) packet);
      case PINGREQ:
        return PingreqHandler.handle(client, (PingreqPacket) packet);
      case DISCONNECT:
        return DisconnectHandler.handle(client, (DisconnectPacket) packet);
      case AUTH:
        return AuthHandler.handle(client, (AuthPacket) packet);
      case CONNECT:
        return protocolError("second CONNECT [MQTT-3.1.0-2]");
      default:
        return protocolError(packet.type() + " may only be sent by a server");
    }
  }

  private static CompletionStage<Void> protocolError(String message) {
    return CompletableFuture.failedFuture(PacketException.protocolError(message));
  }
}
