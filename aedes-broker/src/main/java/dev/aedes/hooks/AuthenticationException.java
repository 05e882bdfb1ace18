package dev.aedes.hooks;

/**
 * Refuses a connection from {@link AuthenticateHook} with a CONNACK return code: 2 identifier
 * rejected, 3 server unavailable, 4 bad user name or password, 5 not authorized. MQTT 5 clients
 * get the matching reason code (0x85, 0x88, 0x86, 0x87).
 */
public final class AuthenticationException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int returnCode;

  public AuthenticationException(int returnCode, String message) {
    super(message);
    if (returnCode < 2 || returnCode > 5) {
      throw new IllegalArgumentException("returnCode must be 2..5: " + returnCode);
    }
    this.returnCode = returnCode;
  }

  /** The 3.1.1 CONNACK return code, 2..5. */
  public int returnCode() {
    return returnCode;
  }
}
