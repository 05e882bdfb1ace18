package dev.aedes.packet;

/** PINGRESP: no variable header, no payload. */
public record PingrespPacket() implements Packet {
  /** The one instance needed. */
  public static final PingrespPacket INSTANCE = new PingrespPacket();

  @Override
  public PacketType type() {
    return PacketType.PINGRESP;
  }
}
