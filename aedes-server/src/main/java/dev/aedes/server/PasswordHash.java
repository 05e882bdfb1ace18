package dev.aedes.server;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Password hashes for the built-in authenticator: PBKDF2 with HMAC-SHA256 from the JDK, stored
 * as a self-describing string {@code pbkdf2-sha256$<iterations>$<salt base64>$<hash base64>}
 * so the iteration count can be raised later without invalidating old hashes.
 */
final class PasswordHash {
  static final String SCHEME = "pbkdf2-sha256";
  /** OWASP's 2023 recommendation for PBKDF2-HMAC-SHA256. */
  static final int DEFAULT_ITERATIONS = 600_000;
  static final int MAX_ITERATIONS = 10_000_000;
  private static final int SALT_BYTES = 16;
  private static final int HASH_BYTES = 32;
  private static final String ALGORITHM = "PBKDF2WithHmacSHA256";

  private final int iterations;
  private final byte[] salt;
  private final byte[] hash;

  private PasswordHash(int iterations, byte[] salt, byte[] hash) {
    this.iterations = iterations;
    this.salt = salt;
    this.hash = hash;
  }

  /** Hashes {@code password} with a fresh random salt; the encoded string. */
  static String hash(char[] password, int iterations, SecureRandom random) {
    if (iterations < 1 || iterations > MAX_ITERATIONS) {
      throw new IllegalArgumentException("iterations must be 1.." + MAX_ITERATIONS);
    }
    byte[] salt = new byte[SALT_BYTES];
    random.nextBytes(salt);
    return new PasswordHash(iterations, salt, derive(password, salt, iterations, HASH_BYTES))
        .encode();
  }

  /** A hash that no password matches but costs as much to check: for unknown user names. */
  static PasswordHash decoy(int iterations, SecureRandom random) {
    byte[] salt = new byte[SALT_BYTES];
    byte[] hash = new byte[HASH_BYTES];
    random.nextBytes(salt);
    random.nextBytes(hash);
    return new PasswordHash(iterations, salt, hash);
  }

  /** Parses an encoded hash; IllegalArgumentException saying what is wrong. */
  static PasswordHash parse(String encoded) {
    String[] parts = encoded.split("\\$", -1);
    if (parts.length != 4 || !parts[0].equals(SCHEME)) {
      throw new IllegalArgumentException("expected " + SCHEME
          + "$<iterations>$<salt>$<hash> (made by --hash-password)");
    }
    int iterations;
    try {
      iterations = Integer.parseInt(parts[1]);
    } catch (NumberFormatException e) {
      iterations = -1;
    }
    if (iterations < 1 || iterations > MAX_ITERATIONS) {
      throw new IllegalArgumentException("iterations must be 1.." + MAX_ITERATIONS);
    }
    try {
      byte[] salt = Base64.getDecoder().decode(parts[2]);
      byte[] hash = Base64.getDecoder().decode(parts[3]);
      if (salt.length == 0 || hash.length == 0) {
        throw new IllegalArgumentException("empty salt or hash");
      }
      return new PasswordHash(iterations, salt, hash);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("salt and hash must be base64: " + e.getMessage());
    }
  }

  int iterations() {
    return iterations;
  }

  /** True when {@code password} hashes to this hash; compared in constant time. */
  boolean matches(char[] password) {
    byte[] candidate = derive(password, salt, iterations, hash.length);
    try {
      return MessageDigest.isEqual(candidate, hash);
    } finally {
      Arrays.fill(candidate, (byte) 0);
    }
  }

  String encode() {
    Base64.Encoder base64 = Base64.getEncoder();
    return SCHEME + "$" + iterations + "$" + base64.encodeToString(salt) + "$"
        + base64.encodeToString(hash);
  }

  private static byte[] derive(char[] password, byte[] salt, int iterations, int bytes) {
    PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, bytes * 8);
    try {
      return SecretKeyFactory.getInstance(ALGORITHM).generateSecret(spec).getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(ALGORITHM + " is not available", e);
    } finally {
      spec.clearPassword();
    }
  }
}
