package dev.aedes.server;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The packaged server jar run as its own process (as README's {@code java -jar}), logging to a
 * file; {@link #kill} is SIGKILL, {@link #close} also. For tests that need a real process exit.
 */
final class ServerProcess implements AutoCloseable {
  private final Process process;
  private final Path log;
  private final int port;

  private ServerProcess(Process process, Path log, int port) {
    this.process = process;
    this.log = log;
    this.port = port;
  }

  /** The jar failsafe was given, or the one {@code package} makes. */
  static Path jar() {
    return Path.of(System.getProperty("aedes.server.jar", "target/aedes-server-0.1.0-SNAPSHOT.jar"));
  }

  /** Starts the jar with these flags on a free port, and waits until it logs "started". */
  static ServerProcess start(Path log, int port, String... flags) throws IOException {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-jar", jar().toString(), "--tcp-host=127.0.0.1", "--tcp-port=" + port,
        "--http-enabled=false"));
    command.addAll(List.of(flags));
    Process process = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(log.toFile()).start();
    ServerProcess server = new ServerProcess(process, log, port);
    try {
      await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
          .until(() -> !process.isAlive() || server.log().contains("started"));
      if (!process.isAlive()) {
        throw new IllegalStateException("server exited: " + server.log());
      }
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
    return server;
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  String uri() {
    return "tcp://127.0.0.1:" + port;
  }

  String log() throws IOException {
    return Files.readString(log);
  }

  /** SIGKILL (on Linux): no shutdown hook, no flush; waits until the process is gone. */
  void kill() throws InterruptedException {
    ProcessHandle.of(process.pid()).ifPresent(ProcessHandle::destroyForcibly);
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      throw new IllegalStateException("server " + process.pid() + " did not die");
    }
  }

  @Override
  public void close() {
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
