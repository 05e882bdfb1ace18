package dev.aedes;

import dev.aedes.packet.ConnectPacket;
import dev.aedes.packet.Generator;
import dev.aedes.packet.Packet;
import dev.aedes.packet.PacketException;
import dev.aedes.packet.Parser;
import dev.aedes.packet.Properties;
import dev.aedes.packet.ProtocolVersion;
import dev.aedes.packet.PublishPacket;
import dev.aedes.packet.PubrelPacket;
import dev.aedes.packet.ReasonCode;
import dev.aedes.packet.Subscription;
import dev.aedes.packet.Will;

/**
 * MQTT 5 flow control and limits, both directions: what CONNACK announces (Receive Maximum,
 * Maximum Packet Size, Topic Alias Maximum, Server Keep Alive, Maximum QoS, Retain Available)
 * and where each is enforced, for the client's PUBLISH, will and subscriptions, and for what
 * the broker sends (the client's Maximum Packet Size). Runs on the client's lane.
 */
final class FlowControl {
  private FlowControl() {
  }

  /** Takes the client's limits from its CONNECT: Maximum Packet Size, Topic Alias Maximum. */
  static void connect(Client client, ConnectPacket packet) {
    if (packet.protocolVersion() != ProtocolVersion.MQTT_5) {
      return;
    }
    Long maximumPacketSize = packet.properties().maximumPacketSize();
    if (maximumPacketSize != null) {
      client.maximumPacketSize = (int) Math.min(maximumPacketSize, Parser.MAX_PACKET_SIZE);
    }
    Integer aliases = packet.properties().topicAliasMaximum();
    client.aliases = new TopicAliases(client.broker.options.topicAliasMaximum(),
        aliases == null ? 0 : aliases);
  }

  /** The keep alive the broker watches: the Server Keep Alive when set, MQTT 5 only. */
  static int keepAlive(Client client, ConnectPacket packet) {
    int server = client.broker.options.serverKeepAlive();
    boolean v5 = packet.protocolVersion() == ProtocolVersion.MQTT_5;
    return v5 && server >= 0 ? server : packet.keepalive();
  }

  /** Adds the broker's limits that differ from the protocol's defaults to CONNACK. */
  static Properties.Builder announce(AedesOptions options, Properties.Builder connack) {
    if (options.receiveMaximum() < 65_535) {
      connack.receiveMaximum(options.receiveMaximum());
    }
    if (options.maxPacketSize() < Parser.MAX_PACKET_SIZE) {
      connack.maximumPacketSize(options.maxPacketSize());
    }
    if (options.topicAliasMaximum() > 0) {
      connack.topicAliasMaximum(options.topicAliasMaximum());
    }
    if (options.serverKeepAlive() >= 0) {
      connack.serverKeepAlive(options.serverKeepAlive()); // [MQTT-3.2.2-21]
    }
    if (options.maximumQoS() < 2) {
      connack.maximumQoS(options.maximumQoS()); // [MQTT-3.2.2-9]
    }
    if (!options.retainAvailable()) {
      connack.retainAvailable(false);
    }
    return connack;
  }

  /**
   * A will the broker cannot carry refuses the connection: QoS above Maximum QoS
   * ([MQTT-3.2.2-12], 0x9B), retained without Retain Available ([MQTT-3.2.2-13], 0x9A).
   */
  static PacketException willRefusal(Client client, ConnectPacket packet) {
    Will will = packet.will();
    AedesOptions options = client.broker.options;
    if (will == null) {
      return null;
    }
    if (will.qos() > options.maximumQoS()) {
      return new PacketException(ReasonCode.QOS_NOT_SUPPORTED, "will QoS " + will.qos()
          + " above Maximum QoS " + options.maximumQoS());
    }
    if (will.retain() && !options.retainAvailable()) {
      return new PacketException(ReasonCode.RETAIN_NOT_SUPPORTED, "retained will");
    }
    return null;
  }

  /**
   * A client's PUBLISH within the broker's limits, its Topic Alias resolved: QoS above Maximum
   * QoS gets 0x9B ([MQTT-3.2.2-11]), retain without Retain Available 0x9A ([MQTT-3.2.2-14]);
   * at MQTT 3.1.1 (only with non-default options) the connection just closes.
   */
  static PublishPacket admit(Client client, PublishPacket packet) {
    AedesOptions options = client.broker.options;
    if (packet.qos() > options.maximumQoS()) {
      throw new PacketException(ReasonCode.QOS_NOT_SUPPORTED, "PUBLISH QoS " + packet.qos()
          + " above Maximum QoS " + options.maximumQoS());
    }
    if (packet.retain() && !options.retainAvailable()) {
      throw new PacketException(ReasonCode.RETAIN_NOT_SUPPORTED, "retained PUBLISH");
    }
    return client.protocolVersion == ProtocolVersion.MQTT_5
        ? client.aliases.resolve(packet) : packet;
  }

  /** A subscription granted at most the Maximum QoS ([MQTT-3.2.2-10]: requests are accepted). */
  static Subscription grant(Client client, Subscription sub) {
    int maximum = client.broker.options.maximumQoS();
    return sub.qos() <= maximum ? sub
        : new Subscription(sub.topic(), maximum, sub.nl(), sub.rap(), sub.rh());
  }

  /**
   * A packet arrived: a QoS 1/2 PUBLISH counts until the broker answered it with PUBACK or
   * PUBCOMP; an MQTT 5 client with more than the broker's Receive Maximum unanswered gets
   * DISCONNECT 0x93 ([MQTT-3.3.4-7]). A re-sent message id counts once.
   */
  static void received(Client client, Packet packet) {
    if (packet instanceof PublishPacket publish && publish.qos() > 0) {
      client.unanswered.add(publish.messageId());
      if (client.protocolVersion == ProtocolVersion.MQTT_5
          && client.unanswered.size() > client.broker.options.receiveMaximum()) {
        throw new PacketException(ReasonCode.RECEIVE_MAXIMUM_EXCEEDED, "more than "
            + client.broker.options.receiveMaximum() + " QoS 1/2 PUBLISH unacknowledged");
      }
    }
  }

  /** A packet's handling is done: QoS 1 PUBLISH has its PUBACK, PUBREL its PUBCOMP. */
  static void answered(Client client, Packet packet) {
    if (packet instanceof PublishPacket publish && publish.qos() == 1) {
      client.unanswered.remove(publish.messageId());
    } else if (packet instanceof PubrelPacket pubrel) {
      client.unanswered.remove(pubrel.messageId());
    }
  }

  /** Whether the client set a Maximum Packet Size below the protocol's (MQTT 5). */
  static boolean limitsPacketSize(Client client) {
    return client.maximumPacketSize < Parser.MAX_PACKET_SIZE;
  }

  /**
   * Whether the PUBLISH fits the client's Maximum Packet Size ([MQTT-3.1.2-24]); one that does
   * not is dropped for that client and counted, as if sent ([MQTT-3.1.2-25]).
   */
  static boolean fits(Client client, PublishPacket packet) {
    if (!limitsPacketSize(client)) {
      return true;
    }
    PublishPacket sized = packet.qos() > 0 && packet.messageId() == 0
        ? packet.withMessageId(1, false) : packet; // the id it gets has the same size
    if (Generator.size(sized, client.protocolVersion) <= client.maximumPacketSize) {
      return true;
    }
    client.broker.droppedMessages.increment();
    return false;
  }
}
