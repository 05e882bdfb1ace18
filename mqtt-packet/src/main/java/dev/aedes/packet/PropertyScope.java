package dev.aedes.packet;

/** Where a property list sits: a packet's variable header, or the Will Properties of CONNECT. */
public enum PropertyScope {
  CONNECT, WILL, CONNACK, PUBLISH, PUBACK, PUBREC, PUBREL, PUBCOMP, SUBSCRIBE, SUBACK,
  UNSUBSCRIBE, UNSUBACK, DISCONNECT, AUTH;

  /** The scope of a packet type's own properties. */
  public static PropertyScope of(PacketType type) {
    return valueOf(type.name());
  }
}
