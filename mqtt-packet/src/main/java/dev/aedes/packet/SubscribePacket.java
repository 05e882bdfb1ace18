package dev.aedes.packet;

import java.util.List;

/** SUBSCRIBE: one or more topic filters ([MQTT-3.8.3-3]). */
public record SubscribePacket(int messageId, List<Subscription> subscriptions,
    Properties properties) implements Packet {

  /** Checks the fields and copies the list. */
  public SubscribePacket {
    PacketChecks.nonZeroMessageId(messageId);
    subscriptions = List.copyOf(subscriptions);
    if (subscriptions.isEmpty()) {
      throw new IllegalArgumentException("a SUBSCRIBE needs at least one subscription");
    }
    properties = PacketChecks.properties(properties);
  }

  /** A SUBSCRIBE without properties. */
  public SubscribePacket(int messageId, List<Subscription> subscriptions) {
    this(messageId, subscriptions, Properties.EMPTY);
  }

  @Override
  public PacketType type() {
    return PacketType.SUBSCRIBE;
  }
}
