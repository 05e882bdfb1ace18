package dev.aedes.persistence.rocksdb;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.RocksDB;
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

  /** The journal's directory in the store's ({@link CopyLog}). */
  static final String JOURNAL = "journal";

  private RocksOpener() {
  }

  /** See {@link RocksPersistence#open(Path, Durability, Duration)}. */
  static RocksPersistence open(Path directory, Durability durability, Duration syncInterval,
      int maxGroup, long segmentBytes) {
    if (syncInterval.isNegative() || syncInterval.isZero()) {
      throw new IllegalArgumentException("syncInterval must be positive: " + syncInterval);
    }
    RocksStore store = openStore(directory);
    try {
      return recover(store, durability, syncInterval, maxGroup, segmentBytes);
    } catch (RuntimeException e) {
      store.close();
      throw new IllegalStateException("Cannot read RocksDB persistence in " + store.path + ": "
          + e.getMessage(), e);
    }
  }

  /**
   * Opens or creates the database in {@code path}; a directory that cannot be created, a
   * corrupt database or one locked by another process fails with a message naming the path.
   */
  static RocksStore openStore(Path path) {
    Path dir = path.toAbsolutePath().normalize();
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new IllegalStateException("Cannot create RocksDB persistence directory " + dir
          + ": " + e, e);
    }
    RocksDB.loadLibrary();
    DBOptions dbOptions = new DBOptions()
        .setCreateIfMissing(true)
        .setCreateMissingColumnFamilies(true)
        .setKeepLogFileNum(3) // RocksDB's own info LOG: at most 3 files of 1 MiB
        .setMaxLogFileSize(1L << 20)
        .setMaxManifestFileSize(4L << 20) // a new manifest, not an ever-growing one
        .setMaxTotalWalSize(64L << 20) // flush a quiet family so old logs can be deleted
        .setDbWriteBufferSize(64L << 20);
    ColumnFamilyOptions familyOptions = new ColumnFamilyOptions();
    List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
    descriptors.add(new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, familyOptions));
    for (String family : RocksStore.FAMILIES) {
      descriptors.add(new ColumnFamilyDescriptor(Keys.utf8(family), familyOptions));
    }
    List<ColumnFamilyHandle> handles = new ArrayList<>();
    try {
      RocksDB db = RocksDB.open(dbOptions, dir.toString(), descriptors, handles);
      return new RocksStore(dir, db, dbOptions, familyOptions, handles);
    } catch (RocksDBException e) {
      handles.forEach(ColumnFamilyHandle::close);
      familyOptions.close();
      dbOptions.close();
      throw new IllegalStateException("Cannot open RocksDB persistence in " + dir + ": "
          + e.getMessage() + hint(e), e);
    }
  }

  private static String hint(RocksDBException e) {
    String message = String.valueOf(e.getMessage());
    return message.contains("LOCK")
        ? " (is another broker using this directory?)" : "";
  }

  private static RocksPersistence recover(RocksStore store, Durability durability,
      Duration syncInterval, int maxGroup, long segmentBytes) {
    RetainedMessages retained = new RetainedMessages(store);
    Subscriptions subscriptions = new Subscriptions(store);
    OutgoingQueues outgoing = new OutgoingQueues(store);
    Records records = new Records(store);
    StoredClients stored = new StoredClients();
    String instanceId = loadInstanceId(store);
    long started = System.nanoTime();
    int subs = subscriptions.load();
    long queued = outgoing.load();
    Path journal = store.path.resolve(JOURNAL);
    try {
      queued += CopyLogReplay.replay(journal, store, outgoing);
      if (durability != Durability.SYNC) {
        CopyLog.prepareDirectory(journal);
      }
    } catch (IOException | RocksDBException e) {
      throw new IllegalStateException("cannot read the journal of copies sent in " + journal
          + ": " + e.getMessage(), e);
    }
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
    CopyLog copies = CopyLog.open(journal, store, writes, outgoing, durability,
        syncInterval.toMillis(), segmentBytes, name);
    return new RocksPersistence(store, instanceId, retained, subscriptions, outgoing, records,
        wills, cleaner, stored, writes, readers, copies);
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
