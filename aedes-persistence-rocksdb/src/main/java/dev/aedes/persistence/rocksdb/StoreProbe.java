package dev.aedes.persistence.rocksdb;

import java.util.Arrays;
import java.util.concurrent.CompletionStage;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.CompactRangeOptions;
import org.rocksdb.CompactRangeOptions.BottommostLevelCompaction;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;

/**
 * What tests and measurements see of a {@link RocksPersistence}'s store and writer: the work
 * done so far, a barrier, a hook before each write, compaction and the size on disk.
 */
final class StoreProbe {
  private final RocksStore store;
  private final Writes writes;
  private final StoredClients stored;

  StoreProbe(RocksStore store, Writes writes, StoredClients stored) {
    this.store = store;
    this.writes = writes;
    this.stored = stored;
  }

  /** Writer turns (groups) run so far; a turn that changed nothing took no fsync. */
  long writerTurns() {
    return writes.turns();
  }

  /** Fsyncs of the write-ahead log so far. */
  long syncs() {
    return writes.syncs();
  }

  /** A writer turn that changes nothing: completes once every change queued before is done. */
  CompletionStage<Void> barrier() {
    return writes.submitReadOnly(() -> null);
  }

  /** How many client ids may have session state (stored or queued). */
  int clientsWithState() {
    return stored.size();
  }

  /** Tests: {@code hook} runs before each write to the database, on the writer thread. */
  void beforeWrite(RocksStore.WriteHook hook) {
    store.beforeWrite = hook;
  }

  /** Compacts the whole database (drops deleted entries); on the writer thread. */
  CompletionStage<Void> compact() {
    return writes.write(this::compactAll);
  }

  /** Writer thread: compacts every family fully. */
  private void compactAll() throws RocksDBException {
    // forced: a file moved down unchanged would keep its tombstones
    try (CompactRangeOptions options = new CompactRangeOptions()
        .setBottommostLevelCompaction(BottommostLevelCompaction.kForceOptimized)) {
      for (ColumnFamilyHandle handle : store.handles) {
        store.db.compactRange(handle, null, null, options);
      }
    }
  }

  /** Entries of the expiry index ({@link ExpiringIndex}) in the database now. */
  long expiringEntries() {
    long count = 0;
    try (RocksIterator it = store.db.newIterator(store.expiring)) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        count++;
      }
    }
    return count;
  }

  /**
   * Tests: empties the expiry index and removes its marker, as in a data directory made before
   * the index (the next open indexes the queues again).
   */
  CompletionStage<Void> forgetExpiringIndex() {
    return writes.write(() -> {
      byte[] end = new byte[17];
      Arrays.fill(end, (byte) 0xff);
      store.deleteRange(store.expiring, new byte[16], end);
      store.delete(store.defaultFamily, ExpiringIndex.INDEXED);
    });
  }

  /** Marks of journaled copies written to their queues ({@link CopyLogFormat#mark}) now. */
  long journalMarks() {
    long count = 0;
    byte[] end = CopyLogFormat.afterMarks();
    try (RocksIterator it = store.db.newIterator(store.defaultFamily)) {
      for (it.seek(CopyLogFormat.firstMark()); it.isValid()
          && Arrays.compare(it.key(), end) < 0; it.next()) {
        count++;
      }
    }
    return count;
  }

  /** Bytes of all files in the database directory. */
  long sizeOnDisk() {
    return store.directoryBytes();
  }
}
