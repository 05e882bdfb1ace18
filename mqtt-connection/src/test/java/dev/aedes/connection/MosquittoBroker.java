package dev.aedes.connection;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real mosquitto process on a free 127.0.0.1 port, with its own config file (anonymous
 * access, no persistence) and log in a directory of the caller's choosing.
 */
final class MosquittoBroker implements AutoCloseable {
  private final Process process;
  private final int port;
  private final Path log;

  private MosquittoBroker(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /** The mosquitto binary: on the PATH, or in /usr/sbin where Debian installs it. */
  static Optional<Path> findBinary() {
    String path = System.getenv().getOrDefault("PATH", "");
    return Stream.concat(Stream.of(path.split(java.io.File.pathSeparator)),
            Stream.of("/usr/sbin", "/usr/local/sbin"))
        .filter(dir -> !dir.isEmpty())
        .map(dir -> Path.of(dir, "mosquitto"))
        .filter(Files::isExecutable)
        .findFirst();
  }

  /** Starts mosquitto and waits until its port accepts connections. */
  static MosquittoBroker start(Path binary, Path dir) throws IOException {
    int port = freePort();
    Path config = dir.resolve("mosquitto.conf");
    Files.writeString(config, String.join("\n",
        "listener " + port + " 127.0.0.1",
        "allow_anonymous true",
        "persistence false",
        "log_dest stdout",
        "log_type all",
        ""), StandardCharsets.UTF_8);
    Path log = dir.resolve("mosquitto.log");
    Process process = new ProcessBuilder(binary.toString(), "-c", config.toString())
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
    MosquittoBroker broker = new MosquittoBroker(process, port, log);
    PacketRecorder.waiting("mosquitto listening on " + port)
        .pollInterval(Duration.ofMillis(20))
        .until(broker::acceptsConnections);
    return broker;
  }

  int port() {
    return port;
  }

  /** The broker's log so far, for failure messages. */
  String log() {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(log unreadable: " + e + ")";
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }

  private boolean acceptsConnections() {
    if (!process.isAlive()) {
      throw new IllegalStateException("mosquitto exited with " + process.exitValue() + ":\n"
          + log());
    }
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
