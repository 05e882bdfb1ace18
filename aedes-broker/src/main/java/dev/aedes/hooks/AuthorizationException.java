package dev.aedes.hooks;

import dev.aedes.packet.PacketType;
import dev.aedes.packet.ReasonCode;

/**
 * Refuses a PUBLISH from {@link AuthorizePublishHook} with an MQTT 5 reason code (0x80 or more,
 * allowed in PUBACK: 0x87 Not authorized, 0x97 Quota exceeded, 0x90 Topic Name invalid, ...)
 * and a Reason String. An MQTT 5 client gets PUBACK or PUBREC with that code; an MQTT 3.1.1
 * client is disconnected, as for any refusal ([MQTT-3.3.5-2]).
 */
public final class AuthorizationException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int reasonCode;

  public AuthorizationException(ReasonCode reasonCode, String reasonString) {
    super(reasonString);
    if (reasonCode.code() < 0x80 || !ReasonCode.isAllowed(PacketType.PUBACK, reasonCode.code())) {
      throw new IllegalArgumentException("not a PUBACK refusal: " + reasonCode);
    }
    this.reasonCode = reasonCode.code();
  }

  /** The MQTT 5 PUBACK / PUBREC reason code. */
  public int reasonCode() {
    return reasonCode;
  }

  /** The Reason String for an MQTT 5 client, or null. */
  public String reasonString() {
    return getMessage();
  }
}
