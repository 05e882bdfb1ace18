package dev.aedes.hooks;

import dev.aedes.packet.PacketType;
import dev.aedes.packet.ReasonCode;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * An {@link EnhancedAuthenticator}'s answer to one piece of Authentication Data: continue with a
 * challenge, succeed (optionally with final data for the client), or fail with a reason code.
 */
public final class AuthStep {
  /** What the step does. */
  public enum Kind { CONTINUE, SUCCESS, FAILURE }

  private final Kind kind;
  private final byte[] data;
  private final int reasonCode;
  private final String reasonString;
  private final Function<byte[], CompletionStage<AuthStep>> next;

  private AuthStep(Kind kind, byte[] data, int reasonCode, String reasonString,
      Function<byte[], CompletionStage<AuthStep>> next) {
    this.kind = kind;
    this.data = data;
    this.reasonCode = reasonCode;
    this.reasonString = reasonString;
    this.next = next;
  }

  /** Sends {@code data} in AUTH 0x18; {@code next} gets the client's answer's data. */
  public static AuthStep continueWith(byte[] data,
      Function<byte[], CompletionStage<AuthStep>> next) {
    if (next == null) {
      throw new IllegalArgumentException("a continuation is needed");
    }
    return new AuthStep(Kind.CONTINUE, data, 0x18, null, next);
  }

  /** Authenticated; {@code data} (may be null) goes to the client in CONNACK or AUTH 0x00. */
  public static AuthStep success(byte[] data) {
    return new AuthStep(Kind.SUCCESS, data, 0, null, null);
  }

  /**
   * Refused with a reason code of 0x80 or more allowed in CONNACK (0x86 Bad user name or
   * password, 0x87 Not authorized, 0x8C Bad authentication method, ...).
   */
  public static AuthStep failure(ReasonCode reasonCode, String reasonString) {
    if (reasonCode.code() < 0x80 || !ReasonCode.isAllowed(PacketType.CONNACK, reasonCode.code())) {
      throw new IllegalArgumentException("not a CONNACK refusal: " + reasonCode);
    }
    return new AuthStep(Kind.FAILURE, null, reasonCode.code(), reasonString, null);
  }

  public Kind kind() {
    return kind;
  }

  /** The Authentication Data to send, or null. */
  public byte[] data() {
    return data;
  }

  /** The failure's reason code (0 on success, 0x18 to continue). */
  public int reasonCode() {
    return reasonCode;
  }

  /** The failure's Reason String, or null. */
  public String reasonString() {
    return reasonString;
  }

  /** The continuation of a CONTINUE step. */
  public CompletionStage<AuthStep> next(byte[] clientData) {
    if (next == null) {
      throw new IllegalStateException(kind + " has no continuation");
    }
    return next.apply(clientData);
  }
}
