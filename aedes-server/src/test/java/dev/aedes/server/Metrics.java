package dev.aedes.server;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the server's HTTP endpoint. */
final class Metrics {
  private Metrics() {
  }

  static HttpResponse<String> get(AedesServer server, String path) throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    return http.send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + server.httpPort() + path))
        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The value of one sample line, e.g. {@code aedes_refused_total{reason="connect_rate"}}. */
  static double value(AedesServer server, String sample) throws Exception {
    String body = get(server, "/metrics").body();
    Matcher m = Pattern.compile("^" + Pattern.quote(sample) + " (\\S+)$", Pattern.MULTILINE)
        .matcher(body);
    if (!m.find()) {
      throw new AssertionError("no sample " + sample + " in:\n" + body);
    }
    return Double.parseDouble(m.group(1));
  }
}
