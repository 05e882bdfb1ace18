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
    return stampedAt(packet, expiresAt(packet, null));
  }

  /**
   * The stamped message as it goes out, with the seconds left as its interval (at least one,
   * never more than it was published with); null when it expired.
   */
  PublishPacket forward(PublishPacket stamped) {
    Long deadline = stamped.properties().messageExpiryInterval();
    return deadline == null ? stamped : afterWaiting(stamped, deadline * 1000);
  }

  /**
   * When {@code packet} (about to wait, its interval as it goes out now) expires, in epoch
   * milliseconds: the deadline its queue entry {@code queued} carries when it has one (exact),
   * else now plus its interval; {@link Long#MAX_VALUE} when it has no interval.
   */
  long expiresAt(PublishPacket packet, PublishPacket queued) {
    Long stamped = queued == null ? null : queued.properties().messageExpiryInterval();
    if (stamped != null) {
      return stamped * 1000;
    }
    Long interval = packet.properties().messageExpiryInterval();
    return interval == null ? Long.MAX_VALUE : clock.millis() + interval * 1000;
  }

  /**
   * The message stamped with the deadline {@code expiresAt} (epoch milliseconds, rounded up to
   * the second): itself when {@link Long#MAX_VALUE} (no interval).
   */
  PublishPacket stampedAt(PublishPacket packet, long expiresAt) {
    if (expiresAt == Long.MAX_VALUE) {
      return packet;
    }
    // rounded up, so a message lives at least its interval
    return withInterval(packet, Math.min(ceilDiv(expiresAt, 1000), MAX_FOUR_BYTE));
  }

  /**
   * A message that waited in the broker, as it goes out now: with the interval left until
   * {@code expiresAt} ([MQTT-3.3.2-6], at least one second), or null once that passed
   * ([MQTT-3.3.2-5]).
   */
  PublishPacket afterWaiting(PublishPacket packet, long expiresAt) {
    if (expiresAt == Long.MAX_VALUE) {
      return packet;
    }
    long left = expiresAt - clock.millis();
    if (left <= 0) {
      return null;
    }
    return withInterval(packet, Math.max(1, left / 1000));
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
