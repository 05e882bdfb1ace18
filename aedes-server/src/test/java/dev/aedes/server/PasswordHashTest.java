package dev.aedes.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class PasswordHashTest {
  private final SecureRandom random = new SecureRandom();

  @Test
  void hashIsSelfDescribingAndMatchesOnlyItsPassword() {
    String encoded = PasswordHash.hash("s3cret".toCharArray(), 1000, random);
    assertThat(encoded).matches("pbkdf2-sha256\\$1000\\$[A-Za-z0-9+/=]{24}\\$[A-Za-z0-9+/=]{44}");
    PasswordHash hash = PasswordHash.parse(encoded);
    assertThat(hash.iterations()).isEqualTo(1000);
    assertThat(hash.matches("s3cret".toCharArray())).isTrue();
    assertThat(hash.matches("s3cret ".toCharArray())).isFalse();
    assertThat(hash.matches(new char[0])).isFalse();
    assertThat(hash.encode()).isEqualTo(encoded);
  }

  @Test
  void eachHashHasItsOwnSalt() {
    String a = PasswordHash.hash("same".toCharArray(), 1000, random);
    String b = PasswordHash.hash("same".toCharArray(), 1000, random);
    assertThat(a).isNotEqualTo(b);
    assertThat(PasswordHash.parse(b).matches("same".toCharArray())).isTrue();
  }

  @Test
  void decoyMatchesNoPassword() {
    PasswordHash decoy = PasswordHash.decoy(1000, random);
    assertThat(decoy.matches("".toCharArray())).isFalse();
    assertThat(decoy.matches("password".toCharArray())).isFalse();
  }

  @Test
  void malformedHashesAreRejectedSayingWhy() {
    assertThatThrownBy(() -> PasswordHash.parse("plaintext"))
        .hasMessageContaining("pbkdf2-sha256$<iterations>$<salt>$<hash>");
    assertThatThrownBy(() -> PasswordHash.parse("bcrypt$10$abc$def"))
        .hasMessageContaining("pbkdf2-sha256");
    assertThatThrownBy(() -> PasswordHash.parse("pbkdf2-sha256$0$AAAA$AAAA"))
        .hasMessageContaining("iterations");
    assertThatThrownBy(() -> PasswordHash.parse("pbkdf2-sha256$ten$AAAA$AAAA"))
        .hasMessageContaining("iterations");
    assertThatThrownBy(() -> PasswordHash.parse("pbkdf2-sha256$1000$not base64!$AAAA"))
        .hasMessageContaining("base64");
  }
}
