package dev.aedes.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;

/**
 * The client side of SCRAM-SHA-256 (RFC 5802 section 3), for tests: client-first-message,
 * client-final-message from the server-first-message, and the server signature check.
 */
public final class ScramClient {
  private static final String GS2_HEADER = "n,,";

  private final String username;
  private final String password;
  private final String clientNonce;
  private byte[] expectedServerSignature;

  public ScramClient(String username, String password, String clientNonce) {
    this.username = username;
    this.password = password;
    this.clientNonce = clientNonce;
  }

  private String bare() {
    return "n=" + username.replace("=", "=3D").replace(",", "=2C") + ",r=" + clientNonce;
  }

  public byte[] clientFirst() {
    return (GS2_HEADER + bare()).getBytes(StandardCharsets.UTF_8);
  }

  /** The client-final-message answering {@code serverFirst}, with the proof. */
  public byte[] clientFinal(byte[] serverFirstBytes) {
    String serverFirst = new String(serverFirstBytes, StandardCharsets.UTF_8);
    String nonce = null;
    byte[] salt = null;
    int iterations = 0;
    for (String attribute : serverFirst.split(",")) {
      if (attribute.startsWith("r=")) {
        nonce = attribute.substring(2);
      } else if (attribute.startsWith("s=")) {
        salt = Base64.getDecoder().decode(attribute.substring(2));
      } else if (attribute.startsWith("i=")) {
        iterations = Integer.parseInt(attribute.substring(2));
      }
    }
    if (nonce == null || !nonce.startsWith(clientNonce) || salt == null) {
      throw new IllegalArgumentException("bad server-first-message: " + serverFirst);
    }
    byte[] salted = ScramCredential.saltedPassword(password, salt, iterations);
    byte[] clientKey = ScramCredential.hmac(salted, ascii("Client Key"));
    byte[] storedKey = ScramCredential.sha256(clientKey);
    byte[] serverKey = ScramCredential.hmac(salted, ascii("Server Key"));
    String withoutProof = "c=" + Base64.getEncoder().encodeToString(ascii(GS2_HEADER))
        + ",r=" + nonce;
    byte[] authMessage = (bare() + "," + serverFirst + "," + withoutProof)
        .getBytes(StandardCharsets.UTF_8);
    byte[] signature = ScramCredential.hmac(storedKey, authMessage);
    byte[] proof = new byte[clientKey.length];
    for (int i = 0; i < proof.length; i++) {
      proof[i] = (byte) (clientKey[i] ^ signature[i]);
    }
    expectedServerSignature = ScramCredential.hmac(serverKey, authMessage);
    return (withoutProof + ",p=" + Base64.getEncoder().encodeToString(proof))
        .getBytes(StandardCharsets.UTF_8);
  }

  /** True when the server-final-message proves the server knew the credential. */
  public boolean verifyServerFinal(byte[] serverFinal) {
    String expected = "v=" + Base64.getEncoder().encodeToString(expectedServerSignature);
    return serverFinal != null && MessageDigest.isEqual(
        expected.getBytes(StandardCharsets.UTF_8), serverFinal);
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }
}
