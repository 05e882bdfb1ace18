package dev.aedes.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.aedes.persistence.rocksdb.TmpfsDisk;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The server on a real full disk (a small tmpfs, as on CI): {@code /ready} and the persistence
 * meters say that the store refuses writes, and why, while {@code /health} stays up (clean
 * sessions go on); both recover once space is freed, without a restart.
 */
class PersistenceReadinessIT {
  @RegisterExtension
  final TmpfsDisk disk = TmpfsDisk.perTest(16);

  private static MqttConnectOptions persistentSession() {
    MqttConnectOptions options = PahoClient.options(null);
    options.setCleanSession(false);
    return options;
  }

  private static void assertReady(AedesServer server) throws Exception {
    HttpResponse<String> ready = Metrics.get(server, "/ready");
    assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
    assertThat(ready.body()).contains("\"status\":\"READY\"");
    assertThat(Metrics.value(server, "aedes_persistence_failing")).isEqualTo(0);
  }

  @Test
  void aFullDiskMakesTheServerNotReadyWithTheReasonUntilSpaceIsFreed() throws Exception {
    Path data = disk.root().resolve("data");
    try (AedesServer server = TestServer.start("--persistence=rocksdb",
        "--persistence-path=" + data)) {
      String uri = TestServer.uri(server, Listener.TCP);
      try (PahoClient away = PahoClient.connect(uri, "away", persistentSession())) {
        away.subscribe("d/#", 1);
      }
      assertReady(server);

      disk.fillLeavingRoomForDeletesOnly();
      try (PahoClient refused = PahoClient.connect(uri, "refused")) {
        assertThatThrownBy(() -> refused.publish("d/1", "no room", 1))
            .as("not acknowledged: the publisher is disconnected")
            .isInstanceOf(MqttException.class);
      }
      HttpResponse<String> ready = Metrics.get(server, "/ready");
      assertThat(ready.statusCode()).isEqualTo(503);
      assertThat(ready.headers().firstValue("content-type")).hasValue("application/json");
      assertThat(ready.body()).contains("\"status\":\"NOT_READY\"").contains("disk full")
          .contains(data.toString());
      assertThat(Metrics.get(server, "/health").statusCode()).as("alive: clean sessions go on")
          .isEqualTo(200);
      assertThat(Metrics.value(server, "aedes_persistence_failing")).isEqualTo(1);
      assertThat(Metrics.value(server, "aedes_persistence_writes_total{outcome=\"failed\"}"))
          .isGreaterThanOrEqualTo(1);

      disk.freeFiller();
      // no client writes meanwhile (a readiness-gated balancer sends none here): the store
      // looks at the disk again by itself
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertReady(server));
      try (PahoClient stored = PahoClient.connect(uri, "stored")) {
        stored.publish("d/2", "room again", 1); // acknowledged: stored for "away"
      }
      assertReady(server);
    }
  }
}
