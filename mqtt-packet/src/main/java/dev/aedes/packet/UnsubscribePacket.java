package dev.aedes.packet;

import java.util.List;
import java.util.Objects;

/** UNSUBSCRIBE: one or more topic filters ([MQTT-3.10.3-2]). */
public record UnsubscribePacket(int messageId, List<String> unsubscriptions,
    Properties properties) implements Packet {

  /** Checks the fields and copies the list. */
  public UnsubscribePacket {
    PacketChecks.nonZeroMessageId(messageId);
    unsubscriptions = List.copyOf(unsubscriptions);
    if (unsubscriptions.isEmpty()) {
      throw new IllegalArgumentException("an UNSUBSCRIBE needs at least one topic filter");
    }
    properties = PacketChecks.properties(properties);
  }

  /** An UNSUBSCRIBE without properties. */
  public UnsubscribePacket(int messageId, List<String> unsubscriptions) {
    this(messageId, unsubscriptions, Properties.EMPTY);
  }

  @Override
  public PacketType type() {
    return PacketType.UNSUBSCRIBE;
  }
}
