package dev.aedes.packet;

/**
 * A malformed or forbidden packet: the only exception the parser throws. It carries the MQTT 5
 * reason code to answer with (in CONNACK before the connection is accepted, in DISCONNECT after)
 * and, for CONNECT errors of MQTT 3.1/3.1.1, the CONNACK return code to send before closing
 * ({@link #connackReturnCode()}, -1 when 3.1.1 prescribes closing without a word).
 */
public final class PacketException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ReasonCode reasonCode;
  private final int connackReturnCode;

  /** A packet error that closes the connection; MQTT 5 peers are told {@code reasonCode}. */
  public PacketException(ReasonCode reasonCode, String message) {
    this(reasonCode, -1, message);
  }

  /** A CONNECT error that MQTT 3.1/3.1.1 answer with a CONNACK return code before closing. */
  public PacketException(ReasonCode reasonCode, int connackReturnCode, String message) {
    super(message, null, false, false);
    this.reasonCode = reasonCode;
    this.connackReturnCode = connackReturnCode;
  }

  /** Shorthand for a Malformed Packet (0x81) error. */
  public static PacketException malformed(String message) {
    return new PacketException(ReasonCode.MALFORMED_PACKET, message);
  }

  /** Shorthand for a Protocol Error (0x82). */
  public static PacketException protocolError(String message) {
    return new PacketException(ReasonCode.PROTOCOL_ERROR, message);
  }

  /** The MQTT 5 reason code to send in CONNACK or DISCONNECT. */
  public ReasonCode reasonCode() {
    return reasonCode;
  }

  /**
   * For MQTT 3.1/3.1.1: the CONNACK return code to send before closing (1 unacceptable protocol
   * version, 2 identifier rejected), or -1 when the connection is closed with no answer.
   */
  public int connackReturnCode() {
    return connackReturnCode;
  }
}
