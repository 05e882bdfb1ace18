package dev.aedes.hooks;

import dev.aedes.packet.PacketType;
import dev.aedes.packet.ReasonCode;

/**
 * Refuses a connection from {@link AuthenticateHook} with a CONNACK return code: 2 identifier
 * rejected, 3 server unavailable, 4 bad user name or password, 5 not authorized. MQTT 5 clients
 * get the matching reason code (0x85, 0x88, 0x86, 0x87), or the reason code and Reason String
 * given to {@link #AuthenticationException(ReasonCode, String)}.
 */
public final class AuthenticationException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int returnCode;
  private final int reasonCode;
  private final String reasonString;

  public AuthenticationException(int returnCode, String message) {
    super(message);
    if (returnCode < 2 || returnCode > 5) {
      throw new IllegalArgumentException("returnCode must be 2..5: " + returnCode);
    }
    this.returnCode = returnCode;
    this.reasonCode = switch (returnCode) {
      case 2 -> 0x85;
      case 3 -> 0x88;
      case 4 -> 0x86;
      default -> 0x87;
    };
    this.reasonString = null;
  }

  /**
   * Refuses with an MQTT 5 CONNACK reason code of 0x80 or more and a Reason String for the
   * client (sent only when it asked for problem information); 3.1.1 clients get the nearest
   * return code.
   */
  public AuthenticationException(ReasonCode reasonCode, String reasonString) {
    super(reasonString);
    if (reasonCode.code() < 0x80 || !ReasonCode.isAllowed(PacketType.CONNACK, reasonCode.code())) {
      throw new IllegalArgumentException("not a CONNACK refusal: " + reasonCode);
    }
    this.reasonCode = reasonCode.code();
    this.reasonString = reasonString;
    this.returnCode = switch (reasonCode) {
      case CLIENT_IDENTIFIER_NOT_VALID -> 2;
      case SERVER_UNAVAILABLE, SERVER_BUSY -> 3;
      case BAD_USER_NAME_OR_PASSWORD -> 4;
      default -> 5;
    };
  }

  /** The 3.1.1 CONNACK return code, 2..5. */
  public int returnCode() {
    return returnCode;
  }

  /** The MQTT 5 CONNACK reason code. */
  public int reasonCode() {
    return reasonCode;
  }

  /** The Reason String for an MQTT 5 client, or null. */
  public String reasonString() {
    return reasonString;
  }
}
