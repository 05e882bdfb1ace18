package dev.aedes.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

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
  void storeMetersFollowItsWritesAndTheServerIsReady() throws Exception {
    try (AedesServer server = TestServer.start(flags())) {
      String uri = TestServer.uri(server, Listener.TCP);
      try (PahoClient sub = PahoClient.connect(uri, "metered-sub", persistentSession())) {
        sub.subscribe("m/#", 1);
      }
      double writes = Metrics.value(server, "aedes_persistence_writes_total{outcome=\"ok\"}");
      double fsyncs = Metrics.value(server, "aedes_persistence_fsync_seconds_count");
      double groups = Metrics.value(server, "aedes_persistence_write_groups_total");
      try (PahoClient pub = PahoClient.connect(uri, "metered-pub")) {
        for (int i = 0; i < 10; i++) {
          pub.publish("m/" + i, "queued", 1); // acknowledged once stored for metered-sub
        }
      }
      assertThat(Metrics.value(server, "aedes_persistence_writes_total{outcome=\"ok\"}") - writes)
          .isGreaterThanOrEqualTo(10);
      assertThat(Metrics.value(server, "aedes_persistence_writes_total{outcome=\"failed\"}"))
          .isEqualTo(0);
      // sync durability (the default): every acknowledged write waited for an fsync
      assertThat(Metrics.value(server, "aedes_persistence_fsync_seconds_count"))
          .isGreaterThan(fsyncs);
      assertThat(Metrics.value(server, "aedes_persistence_fsync_seconds_sum")).isPositive();
      assertThat(Metrics.value(server, "aedes_persistence_write_seconds_count"))
          .isGreaterThanOrEqualTo(writes + 10);
      assertThat(Metrics.value(server, "aedes_persistence_write_seconds_sum")).isPositive();
      assertThat(Metrics.value(server, "aedes_persistence_write_groups_total"))
          .isGreaterThan(groups);
      await().untilAsserted(() -> assertThat(
          Metrics.value(server, "aedes_persistence_pending_writes")).isEqualTo(0));
      assertThat(Metrics.value(server, "aedes_persistence_failing")).isEqualTo(0);
      assertThat(Metrics.value(server, "aedes_persistence_directory_bytes")).isPositive();
      assertThat(Metrics.value(server, "aedes_persistence_free_bytes")).isPositive();
      assertThat(Metrics.get(server, "/ready").statusCode()).isEqualTo(200);
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
      assertThat(Metrics.get(server, "/metrics").body())
          .as("no store meters without the store").doesNotContain("aedes_persistence_writes");
    }
    assertThat(Files.exists(Path.of("data"))).isFalse();
  }
}
