package dev.aedes.packet;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The MQTT 5 properties of one packet (or of a will), immutable. Numeric properties are
 * {@code Integer} or {@code Long} (four-byte ones, unsigned), strings {@code String}, binary ones
 * {@code byte[]} (not copied: treat as read-only), the 0/1 ones {@code Boolean}. User properties
 * keep their order and repeated names; a PUBLISH may carry several subscription identifiers.
 */
public final class Properties {
  /** No properties at all. */
  public static final Properties EMPTY = new Properties(new EnumMap<>(Property.class), List.of(),
      List.of());

  private final EnumMap<Property, Object> values;
  private final List<Integer> subscriptionIdentifiers;
  private final List<UserProperty> userProperties;

  private Properties(EnumMap<Property, Object> values, List<Integer> subscriptionIdentifiers,
      List<UserProperty> userProperties) {
    this.values = values;
    this.subscriptionIdentifiers = subscriptionIdentifiers;
    this.userProperties = userProperties;
  }

  /** A builder for a new property list. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding a copy of these properties. */
  public Builder toBuilder() {
    Builder builder = new Builder();
    builder.values.putAll(values);
    builder.subscriptionIdentifiers.addAll(subscriptionIdentifiers);
    builder.userProperties.addAll(userProperties);
    return builder;
  }

  /** True when no property is set. */
  public boolean isEmpty() {
    return values.isEmpty() && subscriptionIdentifiers.isEmpty() && userProperties.isEmpty();
  }

  /** The single value of a property, or {@code null}; see the class comment for types. */
  public Object get(Property property) {
    return values.get(property);
  }

  /** The single-valued properties that are set, in identifier order. */
  public Map<Property, Object> values() {
    return Collections.unmodifiableMap(values);
  }

  /** Subscription identifiers (several in a PUBLISH that matched several subscriptions). */
  public List<Integer> subscriptionIdentifiers() {
    return subscriptionIdentifiers;
  }

  /** User properties in wire order, names may repeat. */
  public List<UserProperty> userProperties() {
    return userProperties;
  }

  public Boolean payloadFormatIndicator() {
    return (Boolean) values.get(Property.PAYLOAD_FORMAT_INDICATOR);
  }

  public Long messageExpiryInterval() {
    return (Long) values.get(Property.MESSAGE_EXPIRY_INTERVAL);
  }

  public String contentType() {
    return (String) values.get(Property.CONTENT_TYPE);
  }

  public String responseTopic() {
    return (String) values.get(Property.RESPONSE_TOPIC);
  }

  public byte[] correlationData() {
    return (byte[]) values.get(Property.CORRELATION_DATA);
  }

  /** The first subscription identifier, or {@code null}. */
  public Integer subscriptionIdentifier() {
    return subscriptionIdentifiers.isEmpty() ? null : subscriptionIdentifiers.get(0);
  }

  public Long sessionExpiryInterval() {
    return (Long) values.get(Property.SESSION_EXPIRY_INTERVAL);
  }

  public String assignedClientIdentifier() {
    return (String) values.get(Property.ASSIGNED_CLIENT_IDENTIFIER);
  }

  public Integer serverKeepAlive() {
    return (Integer) values.get(Property.SERVER_KEEP_ALIVE);
  }

  public String authenticationMethod() {
    return (String) values.get(Property.AUTHENTICATION_METHOD);
  }

  public byte[] authenticationData() {
    return (byte[]) values.get(Property.AUTHENTICATION_DATA);
  }

  public Boolean requestProblemInformation() {
    return (Boolean) values.get(Property.REQUEST_PROBLEM_INFORMATION);
  }

  public Long willDelayInterval() {
    return (Long) values.get(Property.WILL_DELAY_INTERVAL);
  }

  public Boolean requestResponseInformation() {
    return (Boolean) values.get(Property.REQUEST_RESPONSE_INFORMATION);
  }

  public String responseInformation() {
    return (String) values.get(Property.RESPONSE_INFORMATION);
  }

  public String serverReference() {
    return (String) values.get(Property.SERVER_REFERENCE);
  }

  public String reasonString() {
    return (String) values.get(Property.REASON_STRING);
  }

  public Integer receiveMaximum() {
    return (Integer) values.get(Property.RECEIVE_MAXIMUM);
  }

  public Integer topicAliasMaximum() {
    return (Integer) values.get(Property.TOPIC_ALIAS_MAXIMUM);
  }

  public Integer topicAlias() {
    return (Integer) values.get(Property.TOPIC_ALIAS);
  }

  /** Maximum QoS (0 or 1; absent means 2). */
  public Integer maximumQoS() {
    return (Integer) values.get(Property.MAXIMUM_QOS);
  }

  public Boolean retainAvailable() {
    return (Boolean) values.get(Property.RETAIN_AVAILABLE);
  }

  public Long maximumPacketSize() {
    return (Long) values.get(Property.MAXIMUM_PACKET_SIZE);
  }

  public Boolean wildcardSubscriptionAvailable() {
    return (Boolean) values.get(Property.WILDCARD_SUBSCRIPTION_AVAILABLE);
  }

  public Boolean subscriptionIdentifiersAvailable() {
    return (Boolean) values.get(Property.SUBSCRIPTION_IDENTIFIERS_AVAILABLE);
  }

  public Boolean sharedSubscriptionAvailable() {
    return (Boolean) values.get(Property.SHARED_SUBSCRIPTION_AVAILABLE);
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof Properties other)) {
      return false;
    }
    if (!values.keySet().equals(other.values.keySet())
        || !subscriptionIdentifiers.equals(other.subscriptionIdentifiers)
        || !userProperties.equals(other.userProperties)) {
      return false;
    }
    for (Map.Entry<Property, Object> entry : values.entrySet()) {
      if (!Objects.deepEquals(entry.getValue(), other.values.get(entry.getKey()))) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    int hash = subscriptionIdentifiers.hashCode() * 31 + userProperties.hashCode();
    for (Map.Entry<Property, Object> entry : values.entrySet()) {
      Object value = entry.getValue();
      hash = hash * 31 + entry.getKey().hashCode()
          ^ (value instanceof byte[] bytes ? Arrays.hashCode(bytes) : value.hashCode());
    }
    return hash;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("{");
    for (Map.Entry<Property, Object> entry : values.entrySet()) {
      Object value = entry.getValue();
      sb.append(entry.getKey().jsName()).append('=')
          .append(value instanceof byte[] bytes ? "<" + bytes.length + " bytes>" : value)
          .append(", ");
    }
    if (!subscriptionIdentifiers.isEmpty()) {
      sb.append("subscriptionIdentifier=").append(subscriptionIdentifiers).append(", ");
    }
    if (!userProperties.isEmpty()) {
      sb.append("userProperties=").append(userProperties).append(", ");
    }
    if (sb.length() > 1) {
      sb.setLength(sb.length() - 2);
    }
    return sb.append('}').toString();
  }

  /** Collects properties; {@link #build()} returns {@link Properties#EMPTY} when none is set. */
  public static final class Builder {
    private final EnumMap<Property, Object> values = new EnumMap<>(Property.class);
    private final List<Integer> subscriptionIdentifiers = new ArrayList<>(1);
    private final List<UserProperty> userProperties = new ArrayList<>(2);

    private Builder() {
    }

    /**
     * Sets a single-valued property, checking the value's Java type and range against the
     * property's wire type. {@code null} removes it.
     */
    public Builder set(Property property, Object value) {
      if (property == Property.USER_PROPERTY) {
        throw new IllegalArgumentException("use userProperty(name, value) for User Property");
      }
      if (property == Property.SUBSCRIPTION_IDENTIFIER) {
        subscriptionIdentifiers.clear();
        if (value != null) {
          subscriptionIdentifier((Integer) value);
        }
        return this;
      }
      if (value == null) {
        values.remove(property);
        return this;
      }
      checkValue(property, value);
      values.put(property, value);
      return this;
    }

    /** True if this single-valued property is already set. */
    public boolean has(Property property) {
      return switch (property) {
        case SUBSCRIPTION_IDENTIFIER -> !subscriptionIdentifiers.isEmpty();
        case USER_PROPERTY -> !userProperties.isEmpty();
        default -> values.containsKey(property);
      };
    }

    /** Adds a subscription identifier (1 to 268,435,455). */
    public Builder subscriptionIdentifier(int id) {
      if (id < 1 || id > 268_435_455) {
        throw new IllegalArgumentException("subscriptionIdentifier must be 1..268435455: " + id);
      }
      subscriptionIdentifiers.add(id);
      return this;
    }

    /** Appends a user property; names may repeat and order is kept. */
    public Builder userProperty(String name, String value) {
      userProperties.add(new UserProperty(name, value));
      return this;
    }

    public Builder payloadFormatIndicator(boolean utf8) {
      return set(Property.PAYLOAD_FORMAT_INDICATOR, utf8);
    }

    public Builder messageExpiryInterval(long seconds) {
      return set(Property.MESSAGE_EXPIRY_INTERVAL, seconds);
    }

    public Builder contentType(String contentType) {
      return set(Property.CONTENT_TYPE, contentType);
    }

    public Builder responseTopic(String topic) {
      return set(Property.RESPONSE_TOPIC, topic);
    }

    public Builder correlationData(byte[] data) {
      return set(Property.CORRELATION_DATA, data);
    }

    public Builder sessionExpiryInterval(long seconds) {
      return set(Property.SESSION_EXPIRY_INTERVAL, seconds);
    }

    public Builder assignedClientIdentifier(String clientId) {
      return set(Property.ASSIGNED_CLIENT_IDENTIFIER, clientId);
    }

    public Builder serverKeepAlive(int seconds) {
      return set(Property.SERVER_KEEP_ALIVE, seconds);
    }

    public Builder authenticationMethod(String method) {
      return set(Property.AUTHENTICATION_METHOD, method);
    }

    public Builder authenticationData(byte[] data) {
      return set(Property.AUTHENTICATION_DATA, data);
    }

    public Builder requestProblemInformation(boolean request) {
      return set(Property.REQUEST_PROBLEM_INFORMATION, request);
    }

    public Builder willDelayInterval(long seconds) {
      return set(Property.WILL_DELAY_INTERVAL, seconds);
    }

    public Builder requestResponseInformation(boolean request) {
      return set(Property.REQUEST_RESPONSE_INFORMATION, request);
    }

    public Builder responseInformation(String information) {
      return set(Property.RESPONSE_INFORMATION, information);
    }

    public Builder serverReference(String reference) {
      return set(Property.SERVER_REFERENCE, reference);
    }

    public Builder reasonString(String reason) {
      return set(Property.REASON_STRING, reason);
    }

    public Builder receiveMaximum(int maximum) {
      return set(Property.RECEIVE_MAXIMUM, maximum);
    }

    public Builder topicAliasMaximum(int maximum) {
      return set(Property.TOPIC_ALIAS_MAXIMUM, maximum);
    }

    public Builder topicAlias(int alias) {
      return set(Property.TOPIC_ALIAS, alias);
    }

    public Builder maximumQoS(int qos) {
      return set(Property.MAXIMUM_QOS, qos);
    }

    public Builder retainAvailable(boolean available) {
      return set(Property.RETAIN_AVAILABLE, available);
    }

    public Builder maximumPacketSize(long size) {
      return set(Property.MAXIMUM_PACKET_SIZE, size);
    }

    public Builder wildcardSubscriptionAvailable(boolean available) {
      return set(Property.WILDCARD_SUBSCRIPTION_AVAILABLE, available);
    }

    public Builder subscriptionIdentifiersAvailable(boolean available) {
      return set(Property.SUBSCRIPTION_IDENTIFIERS_AVAILABLE, available);
    }

    public Builder sharedSubscriptionAvailable(boolean available) {
      return set(Property.SHARED_SUBSCRIPTION_AVAILABLE, available);
    }

    /** The immutable property list. */
    public Properties build() {
      if (values.isEmpty() && subscriptionIdentifiers.isEmpty() && userProperties.isEmpty()) {
        return EMPTY;
      }
      return new Properties(new EnumMap<>(values), List.copyOf(subscriptionIdentifiers),
          List.copyOf(userProperties));
    }

    private static void checkValue(Property property, Object value) {
      boolean ok = switch (property.type()) {
        case BYTE -> property.isBooleanValued() && property != Property.MAXIMUM_QOS
            ? value instanceof Boolean
            : value instanceof Integer i && i >= 0 && i <= 1;
        case TWO_BYTE -> value instanceof Integer i && i >= 0 && i <= 0xFFFF;
        case FOUR_BYTE -> value instanceof Long l && l >= 0 && l <= 0xFFFF_FFFFL;
        case VARINT -> value instanceof Integer i && i >= 0 && i <= 268_435_455;
        case UTF8 -> value instanceof String;
        case BINARY -> value instanceof byte[];
        case UTF8_PAIR -> false;
      };
      if (!ok) {
        throw new IllegalArgumentException("bad value for " + property.jsName() + ": " + value);
      }
    }
  }
}
