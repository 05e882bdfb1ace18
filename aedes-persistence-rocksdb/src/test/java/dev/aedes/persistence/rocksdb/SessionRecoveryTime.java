package dev.aedes.persistence.rocksdb;

import dev.aedes.Aedes;
import dev.aedes.AedesOptions;
import dev.aedes.packet.Subscription;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Not a test: stores {@code count} persistent sessions (default 1,000,000), each a device with
 * one subscription of its own ({@code devices/<i>/cmd/#}), closes the store, then prints how
 * long opening it again and starting a broker on it take, and the heap used once it runs (after
 * a full GC). Run: {@code java -Xmx4g -cp <test classpath>
 * dev.aedes.persistence.rocksdb.SessionRecoveryTime [count]}.
 */
public final class SessionRecoveryTime {
  private SessionRecoveryTime() {
  }

  public static void main(String[] args) throws Exception {
    int count = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    Path dir = Files.createTempDirectory("aedes-sessions");
    RocksPersistence store = RocksPersistence.open(dir, Durability.NONE, Duration.ofSeconds(1));
    long started = System.nanoTime();
    CompletableFuture<Void> last = null;
    for (int i = 0; i < count; i++) {
      last = store.addSubscriptions("device-" + i,
          List.of(new Subscription("devices/" + i + "/cmd/#", 1))).toCompletableFuture();
    }
    last.get(10, TimeUnit.MINUTES);
    System.out.printf("stored %,d sessions in %d ms%n", count,
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    store.destroy().toCompletableFuture().get(1, TimeUnit.MINUTES);

    long opening = System.nanoTime();
    RocksPersistence reopened = RocksPersistence.open(dir, Durability.NONE,
        Duration.ofSeconds(1));
    long opened = System.nanoTime();
    Aedes aedes = new Aedes(new AedesOptions().persistence(reopened));
    aedes.ready().toCompletableFuture().get(10, TimeUnit.MINUTES);
    long ready = System.nanoTime();
    System.gc();
    Runtime runtime = Runtime.getRuntime();
    System.out.printf("store open %d ms, broker ready %d ms later (%d ms in all), heap used %d "
            + "MiB%n", TimeUnit.NANOSECONDS.toMillis(opened - opening),
        TimeUnit.NANOSECONDS.toMillis(ready - opened),
        TimeUnit.NANOSECONDS.toMillis(ready - opening),
        (runtime.totalMemory() - runtime.freeMemory()) >> 20);
    aedes.close().toCompletableFuture().get(1, TimeUnit.MINUTES);
    reopened.destroy().toCompletableFuture().get(1, TimeUnit.MINUTES);
  }
}
