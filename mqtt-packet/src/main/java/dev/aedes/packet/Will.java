package dev.aedes.packet;

import java.util.Arrays;
import java.util.Objects;

/**
 * The Will Message of a CONNECT. The payload array is not copied: treat it as read-only.
 *
 * @param properties Will Properties (MQTT 5), never null
 */
public record Will(String topic, byte[] payload, int qos, boolean retain, Properties properties) {
  /** Checks the fields. */
  public Will {
    Objects.requireNonNull(topic, "will topic");
    Objects.requireNonNull(payload, "will payload");
    PacketChecks.qos(qos);
    properties = PacketChecks.properties(properties);
  }

  /** A will without properties. */
  public Will(String topic, byte[] payload, int qos, boolean retain) {
    this(topic, payload, qos, retain, Properties.EMPTY);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Will w && topic.equals(w.topic) && Arrays.equals(payload, w.payload)
        && qos == w.qos && retain == w.retain && properties.equals(w.properties);
  }

  @Override
  public int hashCode() {
    return Objects.hash(topic, Arrays.hashCode(payload), qos, retain, properties);
  }

  @Override
  public String toString() {
    return "Will[topic=" + topic + ", payload=<" + payload.length + " bytes>, qos=" + qos
        + ", retain=" + retain + ", properties=" + properties + "]";
  }
}
