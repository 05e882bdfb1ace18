package dev.aedes;

import dev.aedes.packet.PacketType;
import dev.aedes.packet.Properties;
import dev.aedes.packet.ProtocolVersion;

/**
 * Whether a Reason String may go to a client: only MQTT 5 clients have properties, and one that
 * set Request Problem Information to 0 gets Reason Strings and User Properties only on PUBLISH,
 * CONNACK and DISCONNECT ([MQTT-3.1.2-29]).
 */
final class ProblemInformation {
  private ProblemInformation() {
  }

  static boolean allowed(Client client, PacketType type) {
    if (client.protocolVersion != ProtocolVersion.MQTT_5) {
      return false;
    }
    return client.requestProblemInformation || type == PacketType.PUBLISH
        || type == PacketType.CONNACK || type == PacketType.DISCONNECT;
  }

  /** The properties carrying {@code reasonString} when it may be sent, else none. */
  static Properties reasonString(Client client, PacketType type, String reasonString) {
    if (reasonString == null || !allowed(client, type)) {
      return Properties.EMPTY;
    }
    return Properties.builder().reasonString(reasonString).build();
  }
}
