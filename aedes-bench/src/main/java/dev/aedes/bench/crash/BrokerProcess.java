package dev.aedes.bench.crash;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A broker started from a shell command that ends in {@code exec}, so that the process we hold
 * is the broker itself and {@link #kill} is a SIGKILL of the broker, not of a shell.
 */
final class BrokerProcess implements AutoCloseable {
  private final Process process;

  private BrokerProcess(Process process) {
    this.process = process;
  }

  /** Starts {@code command} (bash), output appended to {@code log}; waits for the port. */
  static BrokerProcess start(String command, int port, Path log) throws Exception {
    Process process = new ProcessBuilder(List.of("bash", "-c", command))
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .start();
    BrokerProcess broker = new BrokerProcess(process);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("broker exited with " + process.exitValue()
            + "; see " + log);
      }
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return broker;
      } catch (IOException notYet) {
        Thread.sleep(100); // polling a port of another process: no event to wait for
      }
    }
    broker.kill();
    throw new IllegalStateException("broker did not open port " + port + "; see " + log);
  }

  /** SIGKILL, and waits until the process is gone. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  /** SIGTERM, SIGKILL after 15 s. */
  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroy();
      if (!process.waitFor(15, TimeUnit.SECONDS)) {
        kill();
      }
    }
  }
}
