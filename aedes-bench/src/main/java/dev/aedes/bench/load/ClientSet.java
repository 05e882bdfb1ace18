package dev.aedes.bench.load;

import dev.aedes.packet.ConnectPacket;
import io.netty.channel.EventLoop;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
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

  /**
   * Opens {@code count} clients, client i with the CONNECT {@code connects.apply(i)}. Each of
   * {@code concurrency} chains lives on one event loop and opens its next client when the
   * previous one's handshake ends, on that loop: no hand-off between threads per connection.
   */
  List<BenchClient> open(int count, IntFunction<ConnectPacket> connects,
      InetSocketAddress[] sources, long deadlineNanos) throws InterruptedException {
    Opening opening = new Opening(count, connects, settings.broker(), sources, deadlineNanos);
    int chains = Math.max(1, Math.min(settings.connectConcurrency(), count));
    CountDownLatch chainsDone = new CountDownLatch(chains);
    for (int c = 0; c < chains; c++) {
      EventLoop loop = loops.next();
      loop.execute(() -> openNext(loop, opening, chainsDone));
    }
    // Handshakes still open 10 s after the deadline count as failed.
    long limit = deadlineNanos + TimeUnit.SECONDS.toNanos(10);
    chainsDone.await(Math.max(1, limit - System.nanoTime()), TimeUnit.NANOSECONDS);
    int attempted = Math.min(opening.next.get(), count);
    for (int i = 0; i < attempted; i++) {
      CompletableFuture<BenchClient> future = opening.futures.get(i);
      try {
        clients.add(future == null ? null
            : future.get(Math.max(1, limit - System.nanoTime()), TimeUnit.NANOSECONDS));
      } catch (Exception e) {
        clients.add(null);
      }
    }
    return clients;
  }

  /** One chain's step, on its loop: open the next client, or end at the count or deadline. */
  private void openNext(EventLoop loop, Opening opening, CountDownLatch chainsDone) {
    int i = System.nanoTime() < opening.deadlineNanos ? opening.next.getAndIncrement()
        : Integer.MAX_VALUE;
    if (i >= opening.count) {
      chainsDone.countDown();
      return;
    }
    InetSocketAddress source = opening.sources == null ? null
        : opening.sources[i % opening.sources.length];
    CompletableFuture<BenchClient> future = loops.open(loop, opening.broker, source,
        opening.connects.apply(i), tracker);
    opening.futures.set(i, future);
    future.whenComplete((client, error) -> {
      if (error != null) {
        failures.incrementAndGet();
        if (firstFailure == null) {
          firstFailure = error;
        }
      }
      // a task, not a call: a handshake that fails at once must not recurse
      loop.execute(() -> openNext(loop, opening, chainsDone));
    });
  }

  /** What the chains of one {@link #open} share. */
  private static final class Opening {
    final int count;
    final IntFunction<ConnectPacket> connects;
    final InetSocketAddress broker;
    final InetSocketAddress[] sources;
    final long deadlineNanos;
    final AtomicInteger next = new AtomicInteger();
    final AtomicReferenceArray<CompletableFuture<BenchClient>> futures;

    Opening(int count, IntFunction<ConnectPacket> connects, InetSocketAddress broker,
        InetSocketAddress[] sources, long deadlineNanos) {
      this.count = count;
      this.connects = connects;
      this.broker = broker;
      this.sources = sources;
      this.deadlineNanos = deadlineNanos;
      this.futures = new AtomicReferenceArray<>(count);
    }
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
