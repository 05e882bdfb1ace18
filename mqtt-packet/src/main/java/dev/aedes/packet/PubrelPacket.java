package dev.aedes.packet;

/** PUBREL: acknowledges the packet with {@code messageId}; {@code reasonCode} 0 is success (MQTT 5). */
public record PubrelPacket(int messageId, int reasonCode, Properties properties) implements Packet {

  /** Checks the fields. */
  public PubrelPacket {
    PacketChecks.nonZeroMessageId(messageId);
    PacketChecks.reasonCode(reasonCode);
    properties = PacketChecks.properties(properties);
  }

  /** A successful PUBREL without properties. */
  public PubrelPacket(int messageId) {
    this(messageId, 0, Properties.EMPTY);
  }

  @Override
  public PacketType type() {
    return PacketType.PUBREL;
  }
}
