package dev.aedes.packet;

/** PUBACK: acknowledges the packet with {@code messageId}; {@code reasonCode} 0 is success (MQTT 5). */
public record PubackPacket(int messageId, int reasonCode, Properties properties) implements Packet {

  /** Checks the fields. */
  public PubackPacket {
    PacketChecks.nonZeroMessageId(messageId);
    PacketChecks.reasonCode(reasonCode);
    properties = PacketChecks.properties(properties);
  }

  /** A successful PUBACK without properties. */
  public PubackPacket(int messageId) {
    this(messageId, 0, Properties.EMPTY);
  }

  @Override
  public PacketType type() {
    return PacketType.PUBACK;
  }
}
