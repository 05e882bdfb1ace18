package dev.aedes.packet;

import java.util.List;

/**
 * UNSUBACK. MQTT 5 carries one reason code per topic filter ({@code granted}, as mqtt-packet
 * names it); 3.1/3.1.1 carry none, so the list is empty there.
 */
public record UnsubackPacket(int messageId, List<Integer> granted, Properties properties)
    implements Packet {

  /** Checks the fields and copies the list. */
  public UnsubackPacket {
    PacketChecks.nonZeroMessageId(messageId);
    granted = List.copyOf(granted);
    for (int code : granted) {
      PacketChecks.reasonCode(code);
    }
    properties = PacketChecks.properties(properties);
  }

  /** A 3.1.1 UNSUBACK. */
  public UnsubackPacket(int messageId) {
    this(messageId, List.of(), Properties.EMPTY);
  }

  @Override
  public PacketType type() {
    return PacketType.UNSUBACK;
  }
}
