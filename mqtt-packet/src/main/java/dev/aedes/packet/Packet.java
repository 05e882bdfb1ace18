package dev.aedes.packet;

/** An MQTT control packet: one immutable record per type, field names as in mqtt-packet. */
public sealed interface Packet permits ConnectPacket, ConnackPacket, PublishPacket, PubackPacket,
    PubrecPacket, PubrelPacket, PubcompPacket, SubscribePacket, SubackPacket, UnsubscribePacket,
    UnsubackPacket, PingreqPacket, PingrespPacket, DisconnectPacket, AuthPacket {

  /** The packet type. */
  PacketType type();

  /** The mqtt-packet command name, {@code "publish"} etc. */
  default String cmd() {
    return type().cmd();
  }

  /** MQTT 5 properties; {@link Properties#EMPTY} for packets that carry none. */
  default Properties properties() {
    return Properties.EMPTY;
  }
}
