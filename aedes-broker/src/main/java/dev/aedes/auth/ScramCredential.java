package dev.aedes.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * What a server stores for one SCRAM-SHA-256 user (RFC 5802 section 3): the salt, the
 * iteration count, StoredKey = H(ClientKey) and ServerKey; never the password.
 */
public record ScramCredential(byte[] salt, int iterations, byte[] storedKey, byte[] serverKey) {
  /** RFC 7677 asks for at least 4096 iterations. */
  public static final int DEFAULT_ITERATIONS = 4096;

  public ScramCredential {
    if (iterations < 1) {
      throw new IllegalArgumentException("iterations must be positive");
    }
    salt = salt.clone();
    storedKey = storedKey.clone();
    serverKey = serverKey.clone();
  }

  /** Derives a credential from a password with a fresh random 16-byte salt. */
  public static ScramCredential fromPassword(String password) {
    byte[] salt = new byte[16];
    new SecureRandom().nextBytes(salt);
    return fromPassword(password, salt, DEFAULT_ITERATIONS);
  }

  /**
   * SaltedPassword = PBKDF2-HMAC-SHA-256(password, salt, iterations); ClientKey and ServerKey
   * are HMACs of it. The password is used as given (no SASLprep: ASCII passwords are unaffected).
   */
  public static ScramCredential fromPassword(String password, byte[] salt, int iterations) {
    byte[] salted = saltedPassword(password, salt, iterations);
    byte[] clientKey = hmac(salted, "Client Key".getBytes(StandardCharsets.US_ASCII));
    byte[] serverKey = hmac(salted, "Server Key".getBytes(StandardCharsets.US_ASCII));
    return new ScramCredential(salt, iterations, sha256(clientKey), serverKey);
  }

  /** PBKDF2 with HMAC-SHA-256 from the JDK, 32 bytes. */
  public static byte[] saltedPassword(String password, byte[] salt, int iterations) {
    try {
      PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, 256);
      return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec)
          .getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("PBKDF2WithHmacSHA256 unavailable", e);
    }
  }

  static byte[] hmac(byte[] key, byte[] data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }
}
