package dev.aedes.packet;

import static dev.aedes.packet.PacketType.AUTH;
import static dev.aedes.packet.PacketType.CONNACK;
import static dev.aedes.packet.PacketType.DISCONNECT;
import static dev.aedes.packet.PacketType.PUBACK;
import static dev.aedes.packet.PacketType.PUBCOMP;
import static dev.aedes.packet.PacketType.PUBREC;
import static dev.aedes.packet.PacketType.PUBREL;
import static dev.aedes.packet.PacketType.SUBACK;
import static dev.aedes.packet.PacketType.UNSUBACK;

import java.util.EnumSet;
import java.util.Set;

/**
 * MQTT 5.0 reason codes ([MQTT 5.0] 2.4) with the packets each may appear in. Packets carry the
 * code as an {@code int} (as mqtt-packet does); this enum names them and checks where they fit.
 */
public enum ReasonCode {
  SUCCESS(0x00, CONNACK, PUBACK, PUBREC, PUBREL, PUBCOMP, SUBACK, UNSUBACK, DISCONNECT, AUTH),
  GRANTED_QOS_1(0x01, SUBACK),
  GRANTED_QOS_2(0x02, SUBACK),
  DISCONNECT_WITH_WILL_MESSAGE(0x04, DISCONNECT),
  NO_MATCHING_SUBSCRIBERS(0x10, PUBACK, PUBREC),
  NO_SUBSCRIPTION_EXISTED(0x11, UNSUBACK),
  CONTINUE_AUTHENTICATION(0x18, AUTH),
  RE_AUTHENTICATE(0x19, AUTH),
  UNSPECIFIED_ERROR(0x80, CONNACK, PUBACK, PUBREC, SUBACK, UNSUBACK, DISCONNECT),
  MALFORMED_PACKET(0x81, CONNACK, DISCONNECT),
  PROTOCOL_ERROR(0x82, CONNACK, DISCONNECT),
  IMPLEMENTATION_SPECIFIC_ERROR(0x83, CONNACK, PUBACK, PUBREC, SUBACK, UNSUBACK, DISCONNECT),
  UNSUPPORTED_PROTOCOL_VERSION(0x84, CONNACK),
  CLIENT_IDENTIFIER_NOT_VALID(0x85, CONNACK),
  BAD_USER_NAME_OR_PASSWORD(0x86, CONNACK),
  NOT_AUTHORIZED(0x87, CONNACK, PUBACK, PUBREC, SUBACK, UNSUBACK, DISCONNECT),
  SERVER_UNAVAILABLE(0x88, CONNACK),
  SERVER_BUSY(0x89, CONNACK, DISCONNECT),
  BANNED(0x8A, CONNACK),
  SERVER_SHUTTING_DOWN(0x8B, DISCONNECT),
  BAD_AUTHENTICATION_METHOD(0x8C, CONNACK, DISCONNECT),
  KEEP_ALIVE_TIMEOUT(0x8D, DISCONNECT),
  SESSION_TAKEN_OVER(0x8E, DISCONNECT),
  TOPIC_FILTER_INVALID(0x8F, SUBACK, UNSUBACK, DISCONNECT),
  TOPIC_NAME_INVALID(0x90, CONNACK, PUBACK, PUBREC, DISCONNECT),
  PACKET_IDENTIFIER_IN_USE(0x91, PUBACK, PUBREC, SUBACK, UNSUBACK),
  PACKET_IDENTIFIER_NOT_FOUND(0x92, PUBREL, PUBCOMP),
  RECEIVE_MAXIMUM_EXCEEDED(0x93, DISCONNECT),
  TOPIC_ALIAS_INVALID(0x94, DISCONNECT),
  PACKET_TOO_LARGE(0x95, CONNACK, DISCONNECT),
  MESSAGE_RATE_TOO_HIGH(0x96, DISCONNECT),
  QUOTA_EXCEEDED(0x97, CONNACK, PUBACK, PUBREC, SUBACK, DISCONNECT),
  ADMINISTRATIVE_ACTION(0x98, DISCONNECT),
  PAYLOAD_FORMAT_INVALID(0x99, CONNACK, PUBACK, PUBREC, DISCONNECT),
  RETAIN_NOT_SUPPORTED(0x9A, CONNACK, DISCONNECT),
  QOS_NOT_SUPPORTED(0x9B, CONNACK, DISCONNECT),
  USE_ANOTHER_SERVER(0x9C, CONNACK, DISCONNECT),
  SERVER_MOVED(0x9D, CONNACK, DISCONNECT),
  SHARED_SUBSCRIPTIONS_NOT_SUPPORTED(0x9E, SUBACK, DISCONNECT),
  CONNECTION_RATE_EXCEEDED(0x9F, CONNACK, DISCONNECT),
  MAXIMUM_CONNECT_TIME(0xA0, DISCONNECT),
  SUBSCRIPTION_IDENTIFIERS_NOT_SUPPORTED(0xA1, SUBACK, DISCONNECT),
  WILDCARD_SUBSCRIPTIONS_NOT_SUPPORTED(0xA2, SUBACK, DISCONNECT);

  private static final ReasonCode[] BY_CODE = new ReasonCode[256];

  static {
    for (ReasonCode reasonCode : values()) {
      BY_CODE[reasonCode.code] = reasonCode;
    }
  }

  private final int code;
  private final Set<PacketType> packets;

  ReasonCode(int code, PacketType first, PacketType... rest) {
    this.code = code;
    this.packets = EnumSet.of(first, rest);
  }

  /** The byte value on the wire. */
  public int code() {
    return code;
  }

  /** True for codes of 0x80 and above, which report a failure. */
  public boolean isError() {
    return code >= 0x80;
  }

  /** The reason code with this value, or {@code null} if MQTT 5 defines none. */
  public static ReasonCode of(int code) {
    return code >= 0 && code < 256 ? BY_CODE[code] : null;
  }

  /** True if an MQTT 5 packet of this type may carry this reason code ([MQTT 5.0] 2.4). */
  public static boolean isAllowed(PacketType type, int code) {
    ReasonCode reasonCode = of(code);
    return reasonCode != null && reasonCode.packets.contains(type);
  }
}
