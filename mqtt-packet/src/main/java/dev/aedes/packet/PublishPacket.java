package dev.aedes.packet;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * PUBLISH. {@code messageId} is 0 at QoS 0 and 1..65535 otherwise. The payload array is not
 * copied: whoever hands it over must not change it afterwards.
 */
public record PublishPacket(boolean dup, int qos, boolean retain, String topic, int messageId,
    byte[] payload, Properties properties) implements Packet {

  private static final byte[] NO_BYTES = new byte[0];

  /** Checks the fields; a PUBLISH at QoS 0 has no message id and no DUP ([MQTT-3.3.1-2]). */
  public PublishPacket {
    PacketChecks.qos(qos);
    Objects.requireNonNull(topic, "topic");
    PacketChecks.messageId(messageId);
    if (qos == 0 && (messageId != 0 || dup)) {
      throw new IllegalArgumentException("a QoS 0 PUBLISH has no messageId and no dup flag");
    }
    payload = payload == null ? NO_BYTES : payload;
    properties = PacketChecks.properties(properties);
  }

  /** A PUBLISH without properties. */
  public PublishPacket(String topic, byte[] payload, int qos, int messageId, boolean retain) {
    this(false, qos, retain, topic, messageId, payload, Properties.EMPTY);
  }

  /** A QoS 0 PUBLISH of a UTF-8 string. */
  public static PublishPacket of(String topic, String payload) {
    return new PublishPacket(topic, payload.getBytes(StandardCharsets.UTF_8), 0, 0, false);
  }

  /** A copy with another message id and DUP flag (for re-sending). */
  public PublishPacket withMessageId(int newMessageId, boolean newDup) {
    return new PublishPacket(newDup, qos, retain, topic, newMessageId, payload, properties);
  }

  @Override
  public PacketType type() {
    return PacketType.PUBLISH;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PublishPacket p && dup == p.dup && qos == p.qos && retain == p.retain
        && messageId == p.messageId && topic.equals(p.topic) && Arrays.equals(payload, p.payload)
        && properties.equals(p.properties);
  }

  @Override
  public int hashCode() {
    return Objects.hash(dup, qos, retain, topic, messageId, Arrays.hashCode(payload), properties);
  }

  @Override
  public String toString() {
    return "PublishPacket[dup=" + dup + ", qos=" + qos + ", retain=" + retain + ", topic=" + topic
        + ", messageId=" + messageId + ", payload=<" + payload.length + " bytes>, properties="
        + properties + "]";
  }
}
