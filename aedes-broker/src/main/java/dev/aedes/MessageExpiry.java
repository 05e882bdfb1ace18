package dev.aedes;

import dev.aedes.packet.Properties;
import dev.aedes.packet.PublishPacket;
import java.time.Clock;

/**
 * MQTT 5 Message Expiry Interval inside the broker. A message with an interval is stamped when
 * it is routed or retained: the property then holds its absolute deadline in epoch seconds, so
 * that the deadline survives queues and persistence unchanged. Before a stamped message goes out
 * it is dropped if the deadline passed ([MQTT-3.3.2-5]), else it carries the seconds left
 * ([MQTT-3.3.2-6]). Hooks and events see the message as published, never stamped.
 */
final class MessageExpiry {
  private static final long MAX_FOUR_BYTE = 0xFFFF_FFFFL;
  private final Clock clock;

  MessageExpiry(Clock clock) {
    this.clock = clock;
  }

  /** The message with its interval turned into a deadline; itself when it has none. */
  PublishPacket stamp(PublishPacket packet) {
    Long interval = packet.properties().messageExpiryInterval();
    if (interval == null) {
      return packet;
    }
    // rounded up, so a message lives at least its interval
    long deadline = ceilDiv(clock.millis() + interval * 1000, 1000);
    return withInterval(packet, Math.min(deadline, MAX_FOUR_BYTE));
  }

  /**
   * The stamped message as it goes out, with the seconds left as its interval (at least one,
   * never more than it was published with); null when it expired.
   */
  PublishPacket forward(PublishPacket stamped) {
    Long deadline = stamped.properties().messageExpiryInterval();
    if (deadline == null) {
      return stamped;
    }
    long left = deadline * 1000 - clock.millis();
    if (left <= 0) {
      return null;
    }
    return withInterval(stamped, Math.max(1, left / 1000));
  }

  /**
   * A message that waited in the broker since {@code sinceMillis} with the interval it had then,
   * as it goes out now: its interval less the time waited (at least one second), or null when
   * that is all gone ([MQTT-3.3.2-5], [MQTT-3.3.2-6]).
   */
  PublishPacket afterWaiting(PublishPacket packet, long sinceMillis) {
    Long interval = packet.properties().messageExpiryInterval();
    if (interval == null) {
      return packet;
    }
    long waited = clock.millis() - sinceMillis;
    if (waited <= 0) {
      return packet;
    }
    long left = interval * 1000 - waited;
    if (left <= 0) {
      return null;
    }
    return withInterval(packet, Math.max(1, left / 1000));
  }

  /** Now, in epoch milliseconds of the broker's clock. */
  long now() {
    return clock.millis();
  }

  private static PublishPacket withInterval(PublishPacket packet, long seconds) {
    Properties properties = packet.properties().toBuilder().messageExpiryInterval(seconds).build();
    return new PublishPacket(packet.dup(), packet.qos(), packet.retain(), packet.topic(),
        packet.messageId(), packet.payload(), properties);
  }

  private static long ceilDiv(long x, long y) {
    return -Math.floorDiv(-x, y);
  }
}
