package dev.aedes.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aedes.hooks.AuthStep;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The SCRAM-SHA-256 exchange without sockets, against the example of RFC 7677 section 3. */
class ScramSha256AuthenticatorTest {
  private static final String CLIENT_NONCE = "rOprNGfwEbeRWgbNEkqO";
  private static final String SERVER_NONCE = "%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0";
  private static final byte[] SALT = Base64.getDecoder().decode("W22ZaJ0SNY7soEsUEjb6gQ==");

  private final ScramSha256Authenticator authenticator = new ScramSha256Authenticator(
      users(Map.of("user", ScramCredential.fromPassword("pencil", SALT, 4096))),
      () -> SERVER_NONCE);

  @Test
  @DisplayName("RFC 7677 example: server-first-message and server-final-message byte for byte")
  void rfc7677Example() {
    AuthStep first = start("n,,n=user,r=" + CLIENT_NONCE);
    assertThat(first.kind()).isEqualTo(AuthStep.Kind.CONTINUE);
    assertThat(text(first.data())).isEqualTo("r=" + CLIENT_NONCE + SERVER_NONCE
        + ",s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096");
    AuthStep last = next(first, "c=biws,r=" + CLIENT_NONCE + SERVER_NONCE
        + ",p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=");
    assertThat(last.kind()).isEqualTo(AuthStep.Kind.SUCCESS);
    assertThat(text(last.data())).isEqualTo("v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=");
  }

  @Test
  void testClientMatchesTheRfcExample() {
    ScramClient client = new ScramClient("user", "pencil", CLIENT_NONCE);
    assertThat(text(client.clientFirst())).isEqualTo("n,,n=user,r=" + CLIENT_NONCE);
    byte[] clientFinal = client.clientFinal(start(text(client.clientFirst())).data());
    assertThat(text(clientFinal)).endsWith(",p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=");
    assertThat(client.verifyServerFinal(
        "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=".getBytes(StandardCharsets.UTF_8)))
        .isTrue();
  }

  @Test
  void wrongPasswordFailsWithNotAuthorized() {
    ScramClient client = new ScramClient("user", "pen", CLIENT_NONCE);
    AuthStep first = start(text(client.clientFirst()));
    AuthStep last = next(first, text(client.clientFinal(first.data())));
    assertThat(last.kind()).isEqualTo(AuthStep.Kind.FAILURE);
    assertThat(last.reasonCode()).isEqualTo(0x87);
  }

  @Test
  void unknownUserGetsAChallengeAndThenTheSameFailure() {
    ScramClient client = new ScramClient("nobody", "pencil", CLIENT_NONCE);
    AuthStep first = start(text(client.clientFirst()));
    assertThat(first.kind()).isEqualTo(AuthStep.Kind.CONTINUE);
    assertThat(text(first.data())).contains(",i=4096");
    AuthStep last = next(first, text(client.clientFinal(first.data())));
    assertThat(last.kind()).isEqualTo(AuthStep.Kind.FAILURE);
    assertThat(last.reasonString()).isEqualTo("authentication failed");
  }

  @Test
  void tamperedNonceFails() {
    AuthStep first = start("n,,n=user,r=" + CLIENT_NONCE);
    AuthStep last = next(first, "c=biws,r=" + CLIENT_NONCE + "x"
        + ",p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=");
    assertThat(last.kind()).isEqualTo(AuthStep.Kind.FAILURE);
  }

  @Test
  void channelBindingAndMalformedFirstMessagesAreRefused() {
    assertThat(start("p=tls-unique,,n=user,r=abc").kind()).isEqualTo(AuthStep.Kind.FAILURE);
    assertThat(start("n,,r=abc").kind()).isEqualTo(AuthStep.Kind.FAILURE);
    assertThat(authenticator.start(null, ScramSha256Authenticator.METHOD, null)
        .toCompletableFuture().join().kind()).isEqualTo(AuthStep.Kind.FAILURE);
  }

  private AuthStep start(String clientFirst) {
    return authenticator.start(null, ScramSha256Authenticator.METHOD, bytes(clientFirst))
        .toCompletableFuture().join();
  }

  private static AuthStep next(AuthStep step, String clientFinal) {
    return step.next(bytes(clientFinal)).toCompletableFuture().join();
  }

  static ScramCredentials users(Map<String, ScramCredential> users) {
    return name -> CompletableFuture.completedFuture(users.get(name));
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static String text(byte[] data) {
    return new String(data, StandardCharsets.UTF_8);
  }
}
