package dev.aedes.persistence.rocksdb;

import dev.aedes.packet.PublishPacket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Not a test: prints how many queued-message writes per second complete, with {@code clients}
 * callers that each wait for their previous write (as a publisher waits for its PUBACK).
 * Run: {@code java -cp <test classpath> dev.aedes.persistence.rocksdb.SyncWriteThroughput [dir]}.
 */
public final class SyncWriteThroughput {
  private SyncWriteThroughput() {
  }

  public static void main(String[] args) throws Exception {
    Path base = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("aedes-bench");
    long seconds = 3;
    for (int clients : new int[] {1, 16, 128}) {
      run(base, "sync, group commit", Durability.SYNC, 1024, clients, seconds);
      run(base, "sync, one fsync per write", Durability.SYNC, 1, clients, seconds);
      run(base, "interval 1000 ms", Durability.INTERVAL, 1024, clients, seconds);
      run(base, "none", Durability.NONE, 1024, clients, seconds);
    }
  }

  private static void run(Path base, String label, Durability durability, int maxGroup,
      int clients, long seconds) throws Exception {
    Path dir = Files.createTempDirectory(base, "run");
    RocksPersistence store = RocksPersistence.openGrouped(dir, durability, Duration.ofSeconds(1),
        maxGroup);
    AtomicLong done = new AtomicLong();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    CountDownLatch finished = new CountDownLatch(clients);
    byte[] payload = new byte[64];
    for (int c = 0; c < clients; c++) {
      String clientId = "client-" + c;
      next(store, clientId, payload, done, deadline, finished, 1);
    }
    finished.await(seconds + 30, TimeUnit.SECONDS);
    store.destroy().toCompletableFuture().get(30, TimeUnit.SECONDS);
    System.out.printf("%-28s clients=%4d  %,10.0f writes/s%n", label, clients,
        done.get() / (double) seconds);
  }

  private static void next(RocksPersistence store, String clientId, byte[] payload,
      AtomicLong done, long deadline, CountDownLatch finished, int messageId) {
    if (System.nanoTime() >= deadline) {
      finished.countDown();
      return;
    }
    PublishPacket packet = new PublishPacket("bench/" + clientId, payload, 1, messageId, false);
    store.outgoingEnqueue(clientId, packet).whenComplete((v, e) -> {
      if (e != null) {
        e.printStackTrace();
        finished.countDown();
        return;
      }
      done.incrementAndGet();
      next(store, clientId, payload, done, deadline, finished, messageId % 65535 + 1);
    });
  }
}
