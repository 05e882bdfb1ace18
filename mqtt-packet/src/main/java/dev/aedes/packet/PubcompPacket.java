package dev.aedes.packet;

/** PUBCOMP: acknowledges the packet with {@code messageId}; {@code reasonCode} 0 is success (MQTT 5). */
public record PubcompPacket(int messageId, int reasonCode, Properties properties) implements Packet {

  /** Checks the fields. */
  public PubcompPacket {
    PacketChecks.nonZeroMessageId(messageId);
    PacketChecks.reasonCode(reasonCode);
    properties = PacketChecks.properties(properties);
  }

  /** A successful PUBCOMP without properties. */
  public PubcompPacket(int messageId) {
    this(messageId, 0, Properties.EMPTY);
  }

  @Override
  public PacketType type() {
    return PacketType.PUBCOMP;
  }
}
