package dev.aedes.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class HttpEndpointIT {
  @Test
  void healthAnswersOkJson() throws Exception {
    try (AedesServer server = TestServer.start()) {
      HttpResponse<String> health = Metrics.get(server, "/health");
      assertThat(health.statusCode()).isEqualTo(200);
      assertThat(health.headers().firstValue("content-type")).hasValue("application/json");
      assertThat(health.body()).contains("\"status\":\"OK\"");
      assertThat(Metrics.get(server, "/nothing").statusCode()).isEqualTo(404);
    }
  }

  @Test
  void readyAnswersReadyJson() throws Exception {
    try (AedesServer server = TestServer.start()) {
      HttpResponse<String> ready = Metrics.get(server, "/ready");
      assertThat(ready.statusCode()).isEqualTo(200);
      assertThat(ready.headers().firstValue("content-type")).hasValue("application/json");
      assertThat(ready.body()).isEqualTo("{\"status\":\"READY\"}\n");
    }
  }


  @Test
  void retainedGaugeFollowsRetainedStoresAndDeletes() throws Exception {
    try (AedesServer server = TestServer.start();
         PahoClient pub = PahoClient.connect(TestServer.uri(server, Listener.TCP), "r-pub")) {
      assertThat(Metrics.value(server, "aedes_retained_messages")).isEqualTo(0);
      pub.client.publish("r/1", "a".getBytes(), 1, true);
      pub.client.publish("r/2", "b".getBytes(), 1, true);
      pub.client.publish("r/2", "c".getBytes(), 1, true);
      await().untilAsserted(() -> assertThat(Metrics.value(server, "aedes_retained_messages"))
          .isEqualTo(2));
      pub.client.publish("r/1", new byte[0], 1, true);
      await().untilAsserted(() -> assertThat(Metrics.value(server, "aedes_retained_messages"))
          .isEqualTo(1));
    }
  }

  @Test
  void metricsCountersMoveAfterTraffic() throws Exception {
    try (AedesServer server = TestServer.start();
         PahoClient sub = PahoClient.connect(TestServer.uri(server, Listener.TCP), "m-sub");
         PahoClient pub = PahoClient.connect(TestServer.uri(server, Listener.TCP), "m-pub")) {
      assertThat(Metrics.value(server, "aedes_connections")).isEqualTo(2);
      double bytesIn = Metrics.value(server, "aedes_received_bytes_total");
      sub.subscribe("m/#", 1);
      assertThat(Metrics.value(server, "aedes_subscriptions")).isEqualTo(1);
      pub.publish("m/1", "x", 1);
      pub.publish("m/0", "y", 0);
      assertThat(sub.next()).isNotNull();
      assertThat(sub.next()).isNotNull();
      await().untilAsserted(() -> {
        assertThat(Metrics.value(server, "aedes_messages_received_total{qos=\"1\"}"))
            .isEqualTo(1);
        assertThat(Metrics.value(server, "aedes_messages_received_total{qos=\"0\"}"))
            .isEqualTo(1);
        assertThat(Metrics.value(server, "aedes_messages_sent_total{qos=\"1\"}")).isEqualTo(1);
        assertThat(Metrics.value(server, "aedes_messages_sent_total{qos=\"0\"}")).isEqualTo(1);
      });
      assertThat(Metrics.value(server, "aedes_received_bytes_total")).isGreaterThan(bytesIn);
      assertThat(Metrics.value(server, "aedes_sent_bytes_total")).isGreaterThan(0);
      assertThat(Metrics.value(server, "aedes_messages_dropped_total")).isEqualTo(0);
      assertThat(Metrics.value(server, "aedes_messages_expired_total")).isEqualTo(0);
      assertThat(Metrics.value(server,
          "aedes_persistence_deferred_total{outcome=\"acknowledged\"}")).isEqualTo(0);
      assertThat(Metrics.value(server,
          "aedes_persistence_deferred_total{outcome=\"written\"}")).isEqualTo(0);
      sub.close();
      await().untilAsserted(() -> {
        assertThat(Metrics.value(server, "aedes_connections")).isEqualTo(1);
        assertThat(Metrics.value(server, "aedes_subscriptions")).isEqualTo(0);
        assertThat(Metrics.value(server, "aedes_clients_disconnected_total")).isEqualTo(1);
      });
    }
  }
}
