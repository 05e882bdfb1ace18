package dev.aedes.bench.load;

import dev.aedes.packet.ConnectPacket;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * Opens many clients with at most {@code concurrency} handshakes under way (so the broker's
 * accept backlog does not overflow), and closes them all.
 */
final class ClientSet {
  private final ClientLoops loops;
  private final Settings settings;
  private final Tracker tracker;
  private final List<BenchClient> clients = new ArrayList<>();
  private final AtomicLong failures = new AtomicLong();
  private volatile Throwable firstFailure;

  ClientSet(ClientLoops loops, Settings settings, Tracker tracker) {
    this.loops = loops;
    this.settings = settings;
    this.tracker = tracker;
  }

  /**
   * Opens {@code count} clients named {@code prefix + i}, stopping early at the deadline; the
   * source address of client i is {@code sources[i % sources.length]} (null: the kernel's).
   */
  List<BenchClient> open(int count, String prefix, InetSocketAddress[] sources,
      long deadlineNanos) throws InterruptedException {
    return open(count, i -> ConnectPacket.of(4, prefix + i, true, settings.keepalive()), sources,
        deadlineNanos);
  }

  /** Opens {@code count} clients, client i with the CONNECT {@code connects.apply(i)}. */
  List<BenchClient> open(int count, IntFunction<ConnectPacket> connects,
      InetSocketAddress[] sources, long deadlineNanos) throws InterruptedException {
    Semaphore permits = new Semaphore(settings.connectConcurrency());
    List<CompletableFuture<BenchClient>> opening = new ArrayList<>(count);
    InetSocketAddress broker = settings.broker();
    for (int i = 0; i < count && System.nanoTime() < deadlineNanos; i++) {
      if (!permits.tryAcquire(deadlineNanos - System.nanoTime(), TimeUnit.NANOSECONDS)) {
        break;
      }
      ConnectPacket connect = connects.apply(i);
      InetSocketAddress source = sources == null ? null : sources[i % sources.length];
      CompletableFuture<BenchClient> future = loops.open(broker, source, connect, tracker);
      future.whenComplete((client, error) -> {
        permits.release();
        if (error != null) {
          failures.incrementAndGet();
          if (firstFailure == null) {
            firstFailure = error;
          }
        }
      });
      opening.add(future);
    }
    // Handshakes still open 10 s after the deadline count as failed.
    long limit = deadlineNanos + TimeUnit.SECONDS.toNanos(10);
    for (CompletableFuture<BenchClient> future : opening) {
      try {
        clients.add(future.get(Math.max(1, limit - System.nanoTime()), TimeUnit.NANOSECONDS));
      } catch (Exception e) {
        clients.add(null);
      }
    }
    return clients;
  }

  long failures() {
    return failures.get();
  }

  Throwable firstFailure() {
    return firstFailure;
  }

  /** DISCONNECT and close every client; waits at most 10 seconds. */
  void close() {
    tracker.closing();
    List<CompletableFuture<Void>> closing = new ArrayList<>();
    for (BenchClient client : clients) {
      if (client != null) {
        closing.add(client.close());
      }
    }
    try {
      CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new))
          .get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      System.err.println("some clients did not close in 10 s: " + e);
    }
  }
}
