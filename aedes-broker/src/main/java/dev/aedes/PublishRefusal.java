package dev.aedes;

import dev.aedes.hooks.AuthorizationException;
import dev.aedes.packet.PacketType;
import dev.aedes.packet.ProtocolVersion;
import dev.aedes.packet.PubackPacket;
import dev.aedes.packet.PublishPacket;
import dev.aedes.packet.PubrecPacket;
import dev.aedes.packet.ReasonCode;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * A PUBLISH that {@code authorizePublish} refused. MQTT 3.1.1 has no way to tell the client, so
 * the connection closes ([MQTT-3.3.5-2]). MQTT 5 answers with the reason code: PUBACK or PUBREC
 * 0x87 Not authorized, or the code of an {@link AuthorizationException} ([MQTT 5.0] 3.4.2.1,
 * 3.5.2.1); a QoS 0 message has no acknowledgement ([MQTT-3.3.4-1]), so it is dropped and the
 * connection stays up, as a PUBACK would have let it.
 */
final class PublishRefusal {
  private PublishRefusal() {
  }

  static CompletionStage<Void> refuse(Client client, PublishPacket packet, Throwable error) {
    Throwable cause = cause(error);
    if (client.protocolVersion != ProtocolVersion.MQTT_5) {
      return CompletableFuture.failedFuture(cause);
    }
    switch (packet.qos()) {
      case 0:
        break;
      case 1:
        client.conn.puback(puback(client, packet, cause));
        break;
      default:
        // a PUBREC of 0x80 or more ends the exchange: nothing is stored ([MQTT 5.0] 4.3.3)
        client.conn.pubrec(new PubrecPacket(packet.messageId(), code(cause),
            ProblemInformation.reasonString(client, PacketType.PUBREC, reasonString(cause))));
        // no PUBREL follows a refusing PUBREC, so its Receive Maximum slot is free now
        client.unanswered.remove(packet.messageId());
        break;
    }
    return CompletableFuture.completedFuture(null);
  }

  /**
   * The answer to a refused QoS 1 PUBLISH, for the caller to send in its turn; at MQTT 3.1.1
   * the refusal itself is thrown, to close the connection.
   */
  static PubackPacket refusedPuback(Client client, PublishPacket packet, Throwable error) {
    Throwable cause = cause(error);
    if (client.protocolVersion != ProtocolVersion.MQTT_5) {
      throw cause instanceof CompletionException c ? c : new CompletionException(cause);
    }
    return puback(client, packet, cause);
  }

  private static PubackPacket puback(Client client, PublishPacket packet, Throwable cause) {
    return new PubackPacket(packet.messageId(), code(cause),
        ProblemInformation.reasonString(client, PacketType.PUBACK, reasonString(cause)));
  }

  private static Throwable cause(Throwable error) {
    return error instanceof CompletionException && error.getCause() != null
        ? error.getCause() : error;
  }

  private static int code(Throwable cause) {
    return cause instanceof AuthorizationException refusal ? refusal.reasonCode()
        : ReasonCode.NOT_AUTHORIZED.code();
  }

  private static String reasonString(Throwable cause) {
    return cause instanceof AuthorizationException refusal ? refusal.reasonString() : null;
  }
}
