package dev.aedes.packet;

/** PINGREQ: no variable header, no payload. */
public record PingreqPacket() implements Packet {
  /** The one instance needed. */
  public static final PingreqPacket INSTANCE = new PingreqPacket();

  @Override
  public PacketType type() {
    return PacketType.PINGREQ;
  }
}
