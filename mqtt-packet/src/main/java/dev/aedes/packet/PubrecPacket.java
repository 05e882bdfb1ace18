package dev.aedes.packet;

/** PUBREC: acknowledges the packet with {@code messageId}; {@code reasonCode} 0 is success (MQTT 5). */
public record PubrecPacket(int messageId, int reasonCode, Properties properties) implements Packet {

  /** Checks the fields. */
  public PubrecPacket {
    PacketChecks.nonZeroMessageId(messageId);
    PacketChecks.reasonCode(reasonCode);
    properties = PacketChecks.properties(properties);
  }

  /** A successful PUBREC without properties. */
  public PubrecPacket(int messageId) {
    this(messageId, 0, Properties.EMPTY);
  }

  @Override
  public PacketType type() {
    return PacketType.PUBREC;
  }
}
