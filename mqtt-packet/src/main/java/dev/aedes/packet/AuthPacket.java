package dev.aedes.packet;

/** AUTH (MQTT 5 only): extended authentication exchange ([MQTT 5.0] 3.15). */
public record AuthPacket(int reasonCode, Properties properties) implements Packet {
  /** Checks the fields. */
  public AuthPacket {
    PacketChecks.reasonCode(reasonCode);
    properties = PacketChecks.properties(properties);
  }

  @Override
  public PacketType type() {
    return PacketType.AUTH;
  }
}
