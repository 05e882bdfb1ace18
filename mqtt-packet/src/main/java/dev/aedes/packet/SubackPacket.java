package dev.aedes.packet;

import java.util.List;

/**
 * SUBACK: one return code (3.1.1: 0, 1, 2, 128) or reason code (5) per subscription, in
 * order; mqtt-packet calls the list {@code granted}.
 */
public record SubackPacket(int messageId, List<Integer> granted, Properties properties)
    implements Packet {

  /** Checks the fields and copies the list. */
  public SubackPacket {
    PacketChecks.nonZeroMessageId(messageId);
    granted = List.copyOf(granted);
    for (int code : granted) {
      PacketChecks.reasonCode(code);
    }
    properties = PacketChecks.properties(properties);
  }

  /** A SUBACK without properties. */
  public SubackPacket(int messageId, List<Integer> granted) {
    this(messageId, granted, Properties.EMPTY);
  }

  @Override
  public PacketType type() {
    return PacketType.SUBACK;
  }
}
