package dev.aedes.packet;

/** DISCONNECT; MQTT 5 adds a reason code (0 normal disconnection) and properties. */
public record DisconnectPacket(int reasonCode, Properties properties) implements Packet {
  /** A normal disconnection. */
  public static final DisconnectPacket NORMAL = new DisconnectPacket(0, Properties.EMPTY);

  /** Checks the fields. */
  public DisconnectPacket {
    PacketChecks.reasonCode(reasonCode);
    properties = PacketChecks.properties(properties);
  }

  /** A DISCONNECT with a reason code and no properties. */
  public DisconnectPacket(int reasonCode) {
    this(reasonCode, Properties.EMPTY);
  }

  @Override
  public PacketType type() {
    return PacketType.DISCONNECT;
  }
}
