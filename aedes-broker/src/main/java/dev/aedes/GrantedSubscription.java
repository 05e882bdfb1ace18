package dev.aedes;

/**
 * One entry of the {@code subscribe} event: the topic filter and the QoS granted, or 128 when
 * the subscription was refused (negated by {@code authorizeSubscribe} or invalid).
 */
public record GrantedSubscription(String topic, int qos) {
  /** The QoS value that marks a refused subscription. */
  public static final int NEGATED = 128;
}
