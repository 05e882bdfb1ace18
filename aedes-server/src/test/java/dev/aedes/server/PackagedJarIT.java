package dev.aedes.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the packaged jar as README's command does ({@code java -jar}), talks MQTT to it, sends
 * SIGTERM and expects exit code 0. Run by failsafe after {@code package}.
 */
class PackagedJarIT {
  @Test
  void packagedJarServesMqttAndExitsZeroOnSigterm(@TempDir Path dir) throws Exception {
    Path jar = Path.of(System.getProperty("aedes.server.jar",
        "target/aedes-server-0.1.0-SNAPSHOT.jar"));
    assertThat(jar).exists();
    int mqttPort = freePort();
    int httpPort = freePort();
    Path log = dir.resolve("server.log");
    Process process = new ProcessBuilder(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-jar", jar.toString(), "--tcp-host=127.0.0.1", "--tcp-port=" + mqttPort,
        "--http-port=" + httpPort, "--persistence-path=" + dir.resolve("data"),
        "--log-level=debug")) // client connect lines are DEBUG
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      await().atMost(Duration.ofSeconds(20)).until(() -> Files.readString(log)
          .contains("started"));
      String uri = "tcp://127.0.0.1:" + mqttPort;
      try (PahoClient sub = PahoClient.connect(uri, "jar-sub");
           PahoClient pub = PahoClient.connect(uri, "jar-pub")) {
        sub.subscribe("jar/#", 1);
        pub.publish("jar/1", "packaged", 1);
        assertThat(sub.next()).isEqualTo("jar/1=packaged@1");
      }
      process.destroy(); // SIGTERM on Linux
      assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
      assertThat(process.exitValue()).as(Files.readString(log)).isEqualTo(0);
      assertThat(Files.readString(log)).contains("client connected: id=jar-sub")
          .contains("closed");
    } finally {
      process.destroyForcibly();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
