package dev.aedes.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** The statistics under $SYS/<id>/..., read by a subscriber to $SYS/#. */
class SysStatsIT {
  @Test
  void countersArePublishedUnderSysEveryInterval() throws Exception {
    try (AedesServer server = TestServer.start("--sys-interval=100");
         PahoClient sys = PahoClient.connect(TestServer.uri(server, Listener.TCP), "sys");
         PahoClient pub = PahoClient.connect(TestServer.uri(server, Listener.TCP), "pub")) {
      String prefix = "$SYS/" + server.aedes().id() + "/";
      sys.subscribe("$SYS/#", 0);
      pub.client.publish("kept/1", "v".getBytes(), 1, true);
      Map<String, Long> latest = new ConcurrentHashMap<>();
      await().untilAsserted(() -> {
        for (String line = sys.received.poll(); line != null; line = sys.received.poll()) {
          String topic = line.substring(0, line.indexOf('='));
          String payload = line.substring(line.indexOf('=') + 1, line.lastIndexOf('@'));
          if (topic.startsWith(prefix) && payload.matches("\\d+")) {
            latest.put(topic.substring(prefix.length()), Long.parseLong(payload));
          }
        }
        assertThat(latest).containsEntry("clients/connected", 2L)
            .containsEntry("retained/count", 1L)
            .containsEntry("subscriptions/count", 1L)
            .containsEntry("messages/dropped", 0L)
            .containsEntry("messages/queued", 0L)
            .containsKeys("uptime", "bytes/sent");
        assertThat(latest.get("messages/received")).isGreaterThanOrEqualTo(1);
        assertThat(latest.get("messages/sent")).isGreaterThanOrEqualTo(1);
        assertThat(latest.get("bytes/received")).isGreaterThan(0);
      });
    }
  }
}
