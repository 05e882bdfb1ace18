package dev.aedes.server;

import dev.aedes.Client;
import dev.aedes.hooks.AuthenticateHook;
import dev.aedes.hooks.AuthenticationException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The built-in authenticator of the {@code users} key: a client must send a known user name and
 * the password whose hash is configured, else CONNACK 4 "bad user name or password" (MQTT 5:
 * 0x86). Hashing is slow on purpose, so it runs on its own threads, never on an event loop; an
 * unknown user name costs as much as a wrong password.
 */
final class UserAuthenticator implements AuthenticateHook, AutoCloseable {
  private static final int BAD_CREDENTIALS = 4;
  private final Map<String, PasswordHash> users = new LinkedHashMap<>();
  private final PasswordHash decoy;
  private final ExecutorService hashing;

  /** @param users user name to encoded hash, as checked by {@link ServerConfig} */
  UserAuthenticator(Map<String, String> users) {
    users.forEach((name, hash) -> this.users.put(name, PasswordHash.parse(hash)));
    int iterations = this.users.values().stream().mapToInt(PasswordHash::iterations).max()
        .orElse(PasswordHash.DEFAULT_ITERATIONS);
    this.decoy = PasswordHash.decoy(iterations, new SecureRandom());
    int threads = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors() / 2));
    this.hashing = Executors.newFixedThreadPool(threads, task -> {
      Thread thread = new Thread(task, "aedes-password-check");
      thread.setDaemon(true);
      return thread;
    });
  }

  @Override
  public CompletionStage<Boolean> authenticate(Client client, String username, byte[] password) {
    if (username == null) {
      return CompletableFuture.failedFuture(
          new AuthenticationException(BAD_CREDENTIALS, "anonymous connection"));
    }
    return CompletableFuture.supplyAsync(() -> {
      if (!check(username, password)) {
        throw new AuthenticationException(BAD_CREDENTIALS, "bad user name or password");
      }
      return Boolean.TRUE;
    }, hashing);
  }

  private boolean check(String username, byte[] password) {
    PasswordHash known = users.get(username);
    char[] chars = utf8(password == null ? new byte[0] : password);
    try {
      boolean matches = (known != null ? known : decoy).matches(chars == null ? new char[0] : chars);
      return known != null && chars != null && matches;
    } finally {
      if (chars != null) {
        Arrays.fill(chars, '\0');
      }
    }
  }

  /** The password as characters, or null when it is not UTF-8 (no configured one matches). */
  private static char[] utf8(byte[] bytes) {
    try {
      CharBuffer decoded = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes));
      char[] chars = new char[decoded.remaining()];
      decoded.get(chars);
      if (decoded.hasArray()) {
        Arrays.fill(decoded.array(), '\0');
      }
      return chars;
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  @Override
  public void close() {
    hashing.shutdownNow();
  }
}
