package dev.aedes.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server's default RocksDB persistence keeps sessions and retained messages across a restart. */
class RocksPersistenceIT {
  @TempDir
  Path dir;

  private String[] flags() {
    return new String[] {"--persistence=rocksdb", "--persistence-path=" + dir.resolve("data")};
  }

  private static MqttConnectOptions persistentSession() {
    MqttConnectOptions options = PahoClient.options(null);
    options.setCleanSession(false);
    return options;
  }

  @Test
  void queuedMessagesOfAPersistentSessionAndRetainedMessagesSurviveARestart() throws Exception {
    try (AedesServer server = TestServer.start(flags())) {
      String uri = TestServer.uri(server, Listener.TCP);
      try (PahoClient sub = PahoClient.connect(uri, "durable-sub", persistentSession())) {
        sub.subscribe("d/#", 1);
      }
      try (PahoClient pub = PahoClient.connect(uri, "pub")) {
        pub.publish("d/1", "one", 1);
        pub.publish("d/2", "two", 1);
        pub.client.publish("status", "up".getBytes(), 1, true);
      }
    }
    assertThat(dir.resolve("data").resolve("CURRENT")).exists();

    try (AedesServer server = TestServer.start(flags())) {
      String uri = TestServer.uri(server, Listener.TCP);
      try (PahoClient sub = PahoClient.connect(uri, "durable-sub", persistentSession())) {
        assertThat(sub.client.isConnected()).isTrue();
        assertThat(sub.next()).isEqualTo("d/1=one@1");
        assertThat(sub.next()).isEqualTo("d/2=two@1");
        // the stored subscription is active again without a new SUBSCRIBE
        try (PahoClient pub = PahoClient.connect(uri, "pub")) {
          pub.publish("d/3", "three", 1);
        }
        assertThat(sub.next()).isEqualTo("d/3=three@1");
      }
      try (PahoClient late = PahoClient.connect(uri, "late")) {
        late.subscribe("status", 1);
        assertThat(late.next()).isEqualTo("status=up@1");
      }
    }
  }

  @Test
  void messagesPublishedAfterARestartAreQueuedForASessionWhoseClientIsStillAway()
      throws Exception {
    try (AedesServer server = TestServer.start(flags())) {
      String uri = TestServer.uri(server, Listener.TCP);
      try (PahoClient sub = PahoClient.connect(uri, "sleeper", persistentSession())) {
        sub.subscribe("later/#", 2);
      }
    }
    try (AedesServer server = TestServer.start(flags())) {
      String uri = TestServer.uri(server, Listener.TCP);
      try (PahoClient pub = PahoClient.connect(uri, "pub")) {
        pub.publish("later/1", "while away", 1);
        pub.publish("later/2", "exactly once", 2);
      }
      try (PahoClient sub = PahoClient.connect(uri, "sleeper", persistentSession())) {
        assertThat(sub.next()).isEqualTo("later/1=while away@1");
        assertThat(sub.next()).isEqualTo("later/2=exactly once@2");
      }
    }
  }

  @Test
  void secondServerOnTheSameDirectoryFailsToStartNamingIt() {
    try (AedesServer first = TestServer.start(flags())) {
      assertThat(first.port(Listener.TCP)).isPositive();
      assertThatThrownBy(() -> TestServer.start(flags()))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining(dir.resolve("data").toString())
          .hasMessageContaining("another broker");
    }
  }

  @Test
  void defaultInTestsIsMemorySoNothingIsWrittenToTheModuleDirectory() throws Exception {
    try (AedesServer server = TestServer.start()) {
      assertThat(server.port(Listener.TCP)).isPositive();
    }
    assertThat(Files.exists(Path.of("data"))).isFalse();
  }
}
