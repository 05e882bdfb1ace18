package dev.aedes.packet;

import java.util.Objects;

/**
 * One topic filter of a SUBSCRIBE with its options: requested QoS, and for MQTT 5 No Local
 * ({@code nl}), Retain As Published ({@code rap}) and Retain Handling ({@code rh}, 0..2).
 */
public record Subscription(String topic, int qos, boolean nl, boolean rap, int rh) {
  /** Checks the fields. */
  public Subscription {
    Objects.requireNonNull(topic, "topic");
    PacketChecks.qos(qos);
    if (rh < 0 || rh > 2) {
      throw new IllegalArgumentException("rh (retain handling) must be 0, 1 or 2: " + rh);
    }
  }

  /** A subscription with default MQTT 5 options. */
  public Subscription(String topic, int qos) {
    this(topic, qos, false, false, 0);
  }
}
