package dev.aedes.packet;

import static dev.aedes.packet.PropertyScope.AUTH;
import static dev.aedes.packet.PropertyScope.CONNACK;
import static dev.aedes.packet.PropertyScope.CONNECT;
import static dev.aedes.packet.PropertyScope.DISCONNECT;
import static dev.aedes.packet.PropertyScope.PUBACK;
import static dev.aedes.packet.PropertyScope.PUBCOMP;
import static dev.aedes.packet.PropertyScope.PUBLISH;
import static dev.aedes.packet.PropertyScope.PUBREC;
import static dev.aedes.packet.PropertyScope.PUBREL;
import static dev.aedes.packet.PropertyScope.SUBACK;
import static dev.aedes.packet.PropertyScope.SUBSCRIBE;
import static dev.aedes.packet.PropertyScope.UNSUBACK;
import static dev.aedes.packet.PropertyScope.UNSUBSCRIBE;
import static dev.aedes.packet.PropertyScope.WILL;

import java.util.EnumSet;
import java.util.Set;

/**
 * The MQTT 5.0 properties ([MQTT 5.0] 2.2.2.2, table 2-4): identifier, wire type, the packets
 * that may carry each, and the mqtt-packet name.
 */
public enum Property {
  PAYLOAD_FORMAT_INDICATOR(0x01, "payloadFormatIndicator", Type.BYTE, true, PUBLISH, WILL),
  MESSAGE_EXPIRY_INTERVAL(0x02, "messageExpiryInterval", Type.FOUR_BYTE, false, PUBLISH, WILL),
  CONTENT_TYPE(0x03, "contentType", Type.UTF8, false, PUBLISH, WILL),
  RESPONSE_TOPIC(0x08, "responseTopic", Type.UTF8, false, PUBLISH, WILL),
  CORRELATION_DATA(0x09, "correlationData", Type.BINARY, false, PUBLISH, WILL),
  SUBSCRIPTION_IDENTIFIER(0x0B, "subscriptionIdentifier", Type.VARINT, false, PUBLISH, SUBSCRIBE),
  SESSION_EXPIRY_INTERVAL(0x11, "sessionExpiryInterval", Type.FOUR_BYTE, false,
      CONNECT, CONNACK, DISCONNECT),
  ASSIGNED_CLIENT_IDENTIFIER(0x12, "assignedClientIdentifier", Type.UTF8, false, CONNACK),
  SERVER_KEEP_ALIVE(0x13, "serverKeepAlive", Type.TWO_BYTE, false, CONNACK),
  AUTHENTICATION_METHOD(0x15, "authenticationMethod", Type.UTF8, false, CONNECT, CONNACK, AUTH),
  AUTHENTICATION_DATA(0x16, "authenticationData", Type.BINARY, false, CONNECT, CONNACK, AUTH),
  REQUEST_PROBLEM_INFORMATION(0x17, "requestProblemInformation", Type.BYTE, true, CONNECT),
  WILL_DELAY_INTERVAL(0x18, "willDelayInterval", Type.FOUR_BYTE, false, WILL),
  REQUEST_RESPONSE_INFORMATION(0x19, "requestResponseInformation", Type.BYTE, true, CONNECT),
  RESPONSE_INFORMATION(0x1A, "responseInformation", Type.UTF8, false, CONNACK),
  SERVER_REFERENCE(0x1C, "serverReference", Type.UTF8, false, CONNACK, DISCONNECT),
  REASON_STRING(0x1F, "reasonString", Type.UTF8, false, CONNACK, PUBACK, PUBREC, PUBREL, PUBCOMP,
      SUBACK, UNSUBACK, DISCONNECT, AUTH),
  RECEIVE_MAXIMUM(0x21, "receiveMaximum", Type.TWO_BYTE, false, CONNECT, CONNACK),
  TOPIC_ALIAS_MAXIMUM(0x22, "topicAliasMaximum", Type.TWO_BYTE, false, CONNECT, CONNACK),
  TOPIC_ALIAS(0x23, "topicAlias", Type.TWO_BYTE, false, PUBLISH),
  MAXIMUM_QOS(0x24, "maximumQoS", Type.BYTE, true, CONNACK),
  RETAIN_AVAILABLE(0x25, "retainAvailable", Type.BYTE, true, CONNACK),
  USER_PROPERTY(0x26, "userProperties", Type.UTF8_PAIR, false, EnumSet.allOf(PropertyScope.class)),
  MAXIMUM_PACKET_SIZE(0x27, "maximumPacketSize", Type.FOUR_BYTE, false, CONNECT, CONNACK),
  WILDCARD_SUBSCRIPTION_AVAILABLE(0x28, "wildcardSubscriptionAvailable", Type.BYTE, true, CONNACK),
  SUBSCRIPTION_IDENTIFIERS_AVAILABLE(0x29, "subscriptionIdentifiersAvailable", Type.BYTE, true,
      CONNACK),
  SHARED_SUBSCRIPTION_AVAILABLE(0x2A, "sharedSubscriptionAvailable", Type.BYTE, true, CONNACK);

  /** How a property's value is written on the wire ([MQTT 5.0] 1.5). */
  public enum Type { BYTE, TWO_BYTE, FOUR_BYTE, VARINT, UTF8, BINARY, UTF8_PAIR }

  private static final Property[] BY_ID = new Property[0x2B];

  static {
    for (Property property : values()) {
      BY_ID[property.id] = property;
    }
  }

  private final int id;
  private final String jsName;
  private final Type type;
  private final boolean booleanValued;
  private final Set<PropertyScope> scopes;

  Property(int id, String jsName, Type type, boolean booleanValued, PropertyScope first,
      PropertyScope... rest) {
    this(id, jsName, type, booleanValued, EnumSet.of(first, rest));
  }

  Property(int id, String jsName, Type type, boolean booleanValued, Set<PropertyScope> scopes) {
    this.id = id;
    this.jsName = jsName;
    this.type = type;
    this.booleanValued = booleanValued;
    this.scopes = scopes;
  }

  /** The identifier byte. */
  public int id() {
    return id;
  }

  /** The name mqtt-packet gives this property. */
  public String jsName() {
    return jsName;
  }

  /** The wire type. */
  public Type type() {
    return type;
  }

  /** True for byte properties whose only legal values are 0 and 1. */
  public boolean isBooleanValued() {
    return booleanValued;
  }

  /** True if the property may appear in this packet (or in Will Properties). */
  public boolean isAllowedIn(PropertyScope scope) {
    return scopes.contains(scope);
  }

  /**
   * True if the property may appear more than once in this scope: User Property anywhere,
   * Subscription Identifier in a PUBLISH sent to a client ([MQTT-3.3.4-4]).
   */
  public boolean isRepeatableIn(PropertyScope scope) {
    return this == USER_PROPERTY || (this == SUBSCRIPTION_IDENTIFIER && scope == PUBLISH);
  }

  /** The property with this identifier, or {@code null}. */
  public static Property of(int id) {
    return id >= 0 && id < BY_ID.length ? BY_ID[id] : null;
  }
}
