package dev.aedes.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code users} key in YAML, flags and variables, and {@code --hash-password}. */
class UsersConfigTest {
  private static final String ALICE = PasswordHash.hash("alice-pw".toCharArray(), 1000,
      new SecureRandom());
  private static final String BOB = PasswordHash.hash("bob-pw".toCharArray(), 1000,
      new SecureRandom());

  @TempDir
  Path dir;

  @Test
  void noUsersByDefault() {
    assertThat(ServerConfig.defaults().users()).isEmpty();
  }

  @Test
  void yamlListOfUsernamesAndHashesLoadsInOrder() throws Exception {
    Path file = yaml("users:\n  - username: alice\n    password: \"" + ALICE + "\"\n"
        + "  - username: bob\n    password: '" + BOB + "'\n");
    ServerConfig config = ServerConfig.load(new String[] {"-c", file.toString()}, Map.of());
    assertThat(config.users()).containsExactly(Map.entry("alice", ALICE), Map.entry("bob", BOB));
    assertThat(config.toString()).contains("alice").doesNotContain(ALICE);
  }

  @Test
  void flagAndVariableTakeUsernameColonHashPairs() {
    ServerConfig fromFlag = ServerConfig.load(
        new String[] {"--users=alice:" + ALICE + ",bob:" + BOB}, Map.of());
    assertThat(fromFlag.users()).containsOnlyKeys("alice", "bob");
    ServerConfig fromEnv = ServerConfig.load(new String[0], Map.of("AEDES_USERS", "alice:" + ALICE));
    assertThat(fromEnv.users()).containsExactly(Map.entry("alice", ALICE));
  }

  @Test
  void plainTextPasswordFailsNamingTheKeyAndUser() throws Exception {
    Path file = yaml("users:\n  - username: alice\n    password: hunter2\n");
    assertThatThrownBy(() -> ServerConfig.load(new String[] {"-c", file.toString()}, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("users").hasMessageContaining("'alice'")
        .hasMessageContaining("--hash-password").hasMessageNotContaining("hunter2");
  }

  @Test
  void malformedUserEntriesFailNamingTheEntry() throws Exception {
    Path missing = yaml("users:\n  - username: alice\n");
    assertThatThrownBy(() -> ServerConfig.load(new String[] {"-c", missing.toString()}, Map.of()))
        .isInstanceOf(ConfigException.class).hasMessageContaining("users[0]");
    Path comma = yaml("users:\n  - username: a,b\n    password: \"" + ALICE + "\"\n");
    assertThatThrownBy(() -> ServerConfig.load(new String[] {"-c", comma.toString()}, Map.of()))
        .isInstanceOf(ConfigException.class).hasMessageContaining("users[0].username");
    assertThatThrownBy(() -> ServerConfig.load(
        new String[] {"--users=alice:" + ALICE + ",alice:" + BOB}, Map.of()))
        .hasMessageContaining("users").hasMessageContaining("twice");
    assertThatThrownBy(() -> ServerConfig.load(new String[] {"--users=" + ALICE}, Map.of()))
        .hasMessageContaining("users");
  }

  @Test
  void hashPasswordPrintsAHashOfTheLineReadFromStdin() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    AedesServer none = Main.start(new String[] {"--hash-password"}, Map.of(),
        new ByteArrayInputStream("correct horse\n".getBytes(StandardCharsets.UTF_8)),
        new PrintStream(out, true, StandardCharsets.UTF_8));
    assertThat(none).isNull();
    String printed = out.toString(StandardCharsets.UTF_8).trim();
    PasswordHash hash = PasswordHash.parse(printed);
    assertThat(hash.iterations()).isEqualTo(PasswordHash.DEFAULT_ITERATIONS);
    assertThat(hash.matches("correct horse".toCharArray())).isTrue();
    assertThat(ServerConfig.load(new String[] {"--users=me:" + printed}, Map.of()).users())
        .containsKey("me");
  }

  @Test
  void hashPasswordWithoutInputFails() {
    assertThatThrownBy(() -> Main.start(new String[] {"--hash-password"}, Map.of(),
        new ByteArrayInputStream(new byte[0]), new PrintStream(new ByteArrayOutputStream())))
        .isInstanceOf(ConfigException.class).hasMessageContaining("--hash-password");
  }

  private Path yaml(String text) throws Exception {
    return Files.writeString(dir.resolve("aedes.yaml"), text);
  }
}
