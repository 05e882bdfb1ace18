package dev.aedes.auth;

import dev.aedes.Client;
import dev.aedes.hooks.AuthStep;
import dev.aedes.hooks.EnhancedAuthenticator;
import dev.aedes.packet.ReasonCode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * SCRAM-SHA-256 (RFC 5802, RFC 7677) over MQTT 5 enhanced authentication: client-first-message
 * in the CONNECT's (or AUTH 0x19's) Authentication Data, server-first-message in AUTH 0x18,
 * client-final-message in the client's AUTH 0x18, server-final-message in the CONNACK (or
 * AUTH 0x00). Register it with {@code aedes.enhancedAuthenticator(METHOD, authenticator)}.
 * Channel binding is not offered: a client asking for it ("p=") is refused.
 */
public final class ScramSha256Authenticator implements EnhancedAuthenticator {
  /** The Authentication Method name. */
  public static final String METHOD = "SCRAM-SHA-256";

  private final ScramCredentials credentials;
  private final SecureRandom random = new SecureRandom();
  /** Keys the made-up salt of unknown users, so it stays the same for the same name. */
  private final byte[] unknownUserKey = new byte[32];

  private final Supplier<String> nonces;

  public ScramSha256Authenticator(ScramCredentials credentials) {
    this.credentials = credentials;
    this.nonces = this::randomNonce;
    random.nextBytes(unknownUserKey);
  }

  /** With the server's nonce parts from {@code nonces} (tests replay RFC 7677's example). */
  ScramSha256Authenticator(ScramCredentials credentials, Supplier<String> nonces) {
    this.credentials = credentials;
    this.nonces = nonces;
    random.nextBytes(unknownUserKey);
  }

  @Override
  public CompletionStage<AuthStep> start(Client client, String method, byte[] data) {
    ClientFirst first = ClientFirst.parse(data);
    if (first == null) {
      return refuse("invalid client-first-message");
    }
    return credentials.lookup(first.username()).thenApply(credential -> {
      // an unknown user gets the same failure as a wrong password, after the same exchange
      byte[] salt = credential != null ? credential.salt()
          : Arrays.copyOf(ScramCredential.hmac(unknownUserKey, utf8(first.username())), 16);
      int iterations = credential != null ? credential.iterations()
          : ScramCredential.DEFAULT_ITERATIONS;
      String nonce = first.nonce() + nonces.get();
      String serverFirst = "r=" + nonce + ",s="
          + Base64.getEncoder().encodeToString(salt) + ",i=" + iterations;
      return AuthStep.continueWith(utf8(serverFirst),
          clientFinal -> CompletableFuture.completedFuture(
              finish(first, serverFirst, nonce, credential, clientFinal)));
    });
  }

  private AuthStep finish(ClientFirst first, String serverFirst, String nonce,
      ScramCredential credential, byte[] data) {
    String message = data == null ? "" : new String(data, StandardCharsets.UTF_8);
    int proofAt = message.lastIndexOf(",p=");
    if (proofAt < 0) {
      return failure("invalid client-final-message");
    }
    String withoutProof = message.substring(0, proofAt);
    String expectedStart = "c=" + Base64.getEncoder().encodeToString(utf8(first.gs2Header()))
        + ",r=" + nonce;
    if (!withoutProof.equals(expectedStart) && !withoutProof.startsWith(expectedStart + ",")) {
      return failure("channel binding or nonce mismatch");
    }
    byte[] proof;
    try {
      proof = Base64.getDecoder().decode(message.substring(proofAt + 3));
    } catch (IllegalArgumentException e) {
      return failure("invalid proof");
    }
    if (credential == null || proof.length != credential.storedKey().length) {
      return failure("authentication failed");
    }
    byte[] authMessage = utf8(first.bare() + "," + serverFirst + "," + withoutProof);
    byte[] clientSignature = ScramCredential.hmac(credential.storedKey(), authMessage);
    byte[] clientKey = new byte[proof.length];
    for (int i = 0; i < proof.length; i++) {
      clientKey[i] = (byte) (proof[i] ^ clientSignature[i]);
    }
    if (!MessageDigest.isEqual(ScramCredential.sha256(clientKey), credential.storedKey())) {
      return failure("authentication failed");
    }
    byte[] serverSignature = ScramCredential.hmac(credential.serverKey(), authMessage);
    return AuthStep.success(utf8("v=" + Base64.getEncoder().encodeToString(serverSignature)));
  }

  private String randomNonce() {
    byte[] bytes = new byte[18];
    random.nextBytes(bytes);
    return Base64.getEncoder().encodeToString(bytes);
  }

  private static CompletionStage<AuthStep> refuse(String why) {
    return CompletableFuture.completedFuture(failure(why));
  }

  private static AuthStep failure(String why) {
    return AuthStep.failure(ReasonCode.NOT_AUTHORIZED, why);
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** client-first-message = gs2-header client-first-message-bare (RFC 5802 section 7). */
  private record ClientFirst(String gs2Header, String bare, String username, String nonce) {
    static ClientFirst parse(byte[] data) {
      if (data == null) {
        return null;
      }
      String message = new String(data, StandardCharsets.UTF_8);
      // "n,," or "y,,": no channel binding; "p=" asks for one, which is not offered
      if (!message.startsWith("n,") && !message.startsWith("y,")) {
        return null;
      }
      int headerEnd = message.indexOf(',', 2);
      if (headerEnd < 0) {
        return null;
      }
      String gs2Header = message.substring(0, headerEnd + 1);
      String bare = message.substring(headerEnd + 1);
      String username = null;
      String nonce = null;
      for (String attribute : bare.split(",")) {
        if (attribute.startsWith("n=")) {
          username = attribute.substring(2).replace("=2C", ",").replace("=3D", "=");
        } else if (attribute.startsWith("r=")) {
          nonce = attribute.substring(2);
        } else if (attribute.startsWith("m=")) {
          return null; // mandatory extensions are not supported (RFC 5802 section 5.1)
        }
      }
      if (username == null || username.isEmpty() || nonce == null || nonce.isEmpty()) {
        return null;
      }
      return new ClientFirst(gs2Header, bare, username, nonce);
    }
  }
}
