package dev.aedes.packet;

/**
 * CONNACK. {@code reasonCode} is the MQTT 5 Reason Code, or the 3.1/3.1.1 Connect Return Code
 * (0..5), which {@link #returnCode()} also returns.
 */
public record ConnackPacket(boolean sessionPresent, int reasonCode, Properties properties)
    implements Packet {

  /** Checks the fields. */
  public ConnackPacket {
    PacketChecks.reasonCode(reasonCode);
    properties = PacketChecks.properties(properties);
  }

  /** A CONNACK without properties. */
  public ConnackPacket(boolean sessionPresent, int reasonCode) {
    this(sessionPresent, reasonCode, Properties.EMPTY);
  }

  /** The 3.1.1 name of {@link #reasonCode()}. */
  public int returnCode() {
    return reasonCode;
  }

  @Override
  public PacketType type() {
    return PacketType.CONNACK;
  }
}
