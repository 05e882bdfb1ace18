package dev.aedes.persistence.rocksdb;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens a {@link RocksPersistence}: the database, the broker's instance id, the session state
 * recovered into memory (subscriptions, queue positions, the client ids with state), then the
 * writer and reader threads.
 */
final class RocksOpener {
  // the persistence's name, as operators know its logs by it
  private static final Logger LOG = LoggerFactory.getLogger(RocksPersistence.class);

  private RocksOpener() {
  }

  /** See {@link RocksPersistence#open(Path, Durability, Duration)}. */
  static RocksPersistence open(Path directory, Durability durability, Duration syncInterval,
      int maxGroup) {
    if (syncInterval.isNegative() || syncInterval.isZero()) {
      throw new IllegalArgumentException("syncInterval must be positive: " + syncInterval);
    }
    RocksStore store = RocksStore.open(directory);
    try {
      return recover(store, durability, syncInterval, maxGroup);
    } catch (RuntimeException e) {
      store.close();
      throw new IllegalStateException("Cannot read RocksDB persistence in " + store.path + ": "
          + e.getMessage(), e);
    }
  }

  private static RocksPersistence recover(RocksStore store, Durability durability,
      Duration syncInterval, int maxGroup) {
    RetainedMessages retained = new RetainedMessages(store);
    Subscriptions subscriptions = new Subscriptions(store);
    OutgoingQueues outgoing = new OutgoingQueues(store);
    Records records = new Records(store);
    StoredClients stored = new StoredClients();
    String instanceId = loadInstanceId(store);
    long started = System.nanoTime();
    int subs = subscriptions.load();
    long queued = outgoing.load();
    stored.load(store, store.subscriptions);
    stored.load(store, store.outgoing);
    stored.load(store, store.incoming);
    LOG.info("RocksDB persistence in {} open ({} durability): {} subscriptions, {} queued "
        + "messages recovered in {} ms", store.path, durability.name().toLowerCase(), subs,
        queued, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    String name = "aedes-rocksdb " + store.path;
    Writes writes = new Writes(store, outgoing, stored, durability, syncInterval, maxGroup, name);
    Readers readers = new Readers(store, writes, name);
    Wills wills = new Wills(store, writes, readers);
    SessionCleaner cleaner =
        new SessionCleaner(store, subscriptions, outgoing, records, stored, writes);
    return new RocksPersistence(store, instanceId, retained, subscriptions, outgoing, records,
        wills, cleaner, stored, writes, readers);
  }

  /** The id stored at the first open, or a new one stored durably now. */
  private static String loadInstanceId(RocksStore store) {
    byte[] key = Keys.utf8("instance-id");
    try {
      byte[] stored = store.db.get(key);
      if (stored != null) {
        return new String(stored, StandardCharsets.UTF_8);
      }
      String made = UUID.randomUUID().toString();
      try (WriteOptions durable = new WriteOptions().setSync(true)) {
        store.db.put(durable, key, Keys.utf8(made));
      }
      return made;
    } catch (RocksDBException e) {
      throw new IllegalStateException("cannot read or store the instance id: " + e.getMessage(),
          e);
    }
  }
}
