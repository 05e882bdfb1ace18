package dev.aedes.persistence.rocksdb;

import dev.aedes.packet.PublishPacket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Not a test: queues {@code count} messages (default 1,000,000) over 1,000 clients, a tenth of
 * them with message ids, closes the store and prints how long opening it again takes (the
 * outgoing index and subscription tree are rebuilt at open).
 * Run: {@code java -cp <test classpath> dev.aedes.persistence.rocksdb.RecoveryTime [count]}.
 */
public final class RecoveryTime {
  private RecoveryTime() {
  }

  public static void main(String[] args) throws Exception {
    int count = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    Path dir = Files.createTempDirectory("aedes-recovery");
    RocksPersistence store = RocksPersistence.open(dir, Durability.NONE, Duration.ofSeconds(1));
    byte[] payload = new byte[64];
    long started = System.nanoTime();
    CompletableFuture<Void> last = null;
    for (int i = 0; i < count; i++) {
      int messageId = i % 10 == 0 ? i / 10 % 65535 + 1 : 0;
      last = store.outgoingEnqueue("client-" + i % 1000, new PublishPacket("recovery/" + i,
          payload, 1, messageId, false)).toCompletableFuture();
    }
    last.get(10, TimeUnit.MINUTES);
    System.out.printf("queued %,d messages in %d ms%n", count,
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    store.destroy().toCompletableFuture().get(1, TimeUnit.MINUTES);

    started = System.nanoTime();
    RocksPersistence reopened = RocksPersistence.open(dir);
    long openMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    int first = reopened.outgoingStream("client-0").toCompletableFuture().get().size();
    System.out.printf("reopened with %,d queued in %d ms (client-0 has %,d)%n", count,
        openMillis, first);
    reopened.destroy().toCompletableFuture().get(1, TimeUnit.MINUTES);
  }
}
