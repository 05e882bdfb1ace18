package dev.aedes.persistence.rocksdb;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.function.BiPredicate;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;
import org.rocksdb.Snapshot;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * The open RocksDB database and its column families, one per kind of record (see {@link Keys}).
 * The writer thread's puts and deletes collect in one pending batch that {@link #writePending}
 * writes at the end of its turn: one write(2) to the write-ahead log for the whole group instead
 * of one per operation. Writes go to the log without fsync; {@link #syncWal} makes them
 * durable, which is how one fsync serves a whole group of writes. A write the disk has no room
 * for is refused before RocksDB sees it (see {@link FreeSpaceGuard}).
 */
final class RocksStore implements AutoCloseable {
  /** The families after RocksDB's default one, in the order of the handles. */
  static final List<String> FAMILIES =
      List.of("retained", "subscriptions", "outgoing", "incoming", "wills", "expiring");

  /** The key {@link #probeWrite} writes, in the default family. */
  private static final byte[] PROBE_KEY = Keys.utf8("write-probe");
  final Path path;
  final RocksDB db;
  /**
   * RocksDB's mandatory default family: the instance id, the expiry index's marker, the write
   * probe and the journal's marks ({@link CopyLogFormat#mark}).
   */
  final ColumnFamilyHandle defaultFamily;
  final ColumnFamilyHandle retained;
  final ColumnFamilyHandle subscriptions;
  final ColumnFamilyHandle outgoing;
  final ColumnFamilyHandle incoming;
  final ColumnFamilyHandle wills;
  final ColumnFamilyHandle expiring;
  private final DBOptions dbOptions;
  private final ColumnFamilyOptions familyOptions;
  /** Every family's handle, the default one first. */
  final List<ColumnFamilyHandle> handles;
  private final WriteOptions writeOptions;
  /** Writer thread only: changes not yet written to the database. */
  private final PendingBatch pending = new PendingBatch();
  /** Writer thread: refuses writes the disk has no room for. */
  private final FreeSpaceGuard space;

  /** Opened by {@link RocksOpener#openStore}. */
  RocksStore(Path path, RocksDB db, DBOptions dbOptions,
      ColumnFamilyOptions familyOptions, List<ColumnFamilyHandle> handles) {
    this.path = path;
    this.db = db;
    this.dbOptions = dbOptions;
    this.familyOptions = familyOptions;
    this.handles = handles;
    this.defaultFamily = handles.get(0);
    this.retained = handles.get(1);
    this.subscriptions = handles.get(2);
    this.outgoing = handles.get(3);
    this.incoming = handles.get(4);
    this.wills = handles.get(5);
    this.expiring = handles.get(6);
    this.writeOptions = new WriteOptions().setSync(false);
    this.space = new FreeSpaceGuard(path, () -> {
      try {
        return db.getAggregatedLongProperty("rocksdb.cur-size-all-mem-tables");
      } catch (RocksDBException e) {
        return 0; // unknown: the margin alone
      }
    });
  }

  /**
   * The bytes of every file in the database directory now; a file deleted meanwhile (a
   * compaction's input) is not counted. Any thread.
   */
  long directoryBytes() {
    long[] total = {0};
    try {
      Files.walkFileTree(path, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
          total[0] += attributes.size();
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) {
          return FileVisitResult.CONTINUE; // deleted meanwhile
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path, e);
    }
    return total[0];
  }

  /** Writer thread: adds a put to the pending batch. */
  void put(ColumnFamilyHandle family, byte[] key, byte[] value) throws RocksDBException {
    pending.put(family, key, value);
  }

  /**
   * Writer thread: what takes part in each write of the pending batch, its outgoing queue
   * entries (joined first, so no write takes part of an operation) and the in-memory index
   * over them (kept once written, undone once lost).
   */
  interface Participant {
    /** Adds the changes it holds to the pending batch, just before it is written. */
    default void join() throws RocksDBException {
    }

    /** The pending batch, with what it joined, is written. */
    default void written() {
    }

    /** The pending batch, with what it joined, failed to be written: none of it is. */
    default void lost() {
    }
  }

  private Participant participant = new Participant() { };

  /** Writer thread: the one participant (the outgoing queues). */
  void participant(Participant participant) {
    this.participant = participant;
  }

  /** Writer thread: an operation of the turn starts; see {@link OpScope}. */
  void beginOp() {
    pending.beginOp();
  }

  /** Writer thread: the running operation stores something (not in the pending batch yet). */
  void addsData() {
    pending.addsData();
  }

  /**
   * Writer thread: throws {@link FreeSpaceGuard.DiskFullException} if the turn's write, with
   * {@code unjoined} bytes more, would be refused were it to store something.
   */
  void checkOpRoom(long unjoined) throws RocksDBException {
    space.checkPuts(pending.bytes() + unjoined);
  }

  /** Writer thread: whether the running operation stores something. */
  boolean opAddsData() {
    return pending.opAddsData();
  }

  /** Writer thread: the running operation's changes stay in the turn. */
  void keepOp() throws RocksDBException {
    pending.keepOp();
  }

  /** Writer thread: the running operation's changes not yet written are dropped. */
  void dropOp() throws RocksDBException {
    pending.dropOp();
  }

  /**
   * Writer thread: makes {@code change} to memory once the pending changes so far are written;
   * a failed write, or the running operation's failure, drops it (memory follows the disk).
   */
  void onWritten(Runnable change) throws RocksDBException {
    pending.onWritten(change);
  }

  /** Writer thread: adds the deletion of the keys from {@code from} to before {@code to}. */
  void deleteRange(ColumnFamilyHandle family, byte[] from, byte[] to) throws RocksDBException {
    pending.deleteRange(family, from, to);
  }

  /** Writer thread: adds a delete to the pending batch. */
  void delete(ColumnFamilyHandle family, byte[] key) throws RocksDBException {
    pending.delete(family, key);
  }

  /** Writer thread: writes what is pending, then {@code batch}, in that order. */
  void write(WriteBatch batch) throws RocksDBException {
    writePending();
    space.check(batch);
    beforeWrite.beforeWrite(batch);
    db.write(writeOptions, batch);
    participant.written();
  }

  /**
   * Writer thread: a small write of its own (a key in the default family), through the same
   * checks as any: whether writes succeed again after one failed.
   */
  void probeWrite() throws RocksDBException {
    try (WriteBatch batch = new WriteBatch()) {
      batch.put(PROBE_KEY, Keys.utf8(Long.toString(System.currentTimeMillis())));
      write(batch);
    }
  }

  /** Called before each write to the database; tests fail or count writes with it. */
  interface WriteHook {
    void beforeWrite(WriteBatch batch) throws RocksDBException;
  }

  /** Writer thread, tests only: see {@link WriteHook}. */
  volatile WriteHook beforeWrite = batch -> { };

  /** Writer thread: adds the deletion of every key starting with {@code prefix} (0x00-ended). */
  void deletePrefix(ColumnFamilyHandle family, byte[] prefix) throws RocksDBException {
    pending.deleteRange(family, prefix, Keys.prefixEnd(prefix));
  }

  /** Writer thread: reads {@code key} as the pending changes leave it (written first). */
  byte[] getForWrite(ColumnFamilyHandle family, byte[] key) throws RocksDBException {
    writePending();
    return db.get(family, key);
  }

  /** The first failed write of the writer's current turn, or null; writer thread only. */
  private RocksDBException failedInTurn;

  /** Writer thread: writes the pending batch (no fsync); nothing pending, nothing written. */
  void writePending() throws RocksDBException {
    boolean written = false;
    try {
      pending.joining(true);
      try {
        participant.join();
      } finally {
        pending.joining(false);
      }
      if (pending.batch.count() > 0) {
        space.check(pending.batch);
        beforeWrite.beforeWrite(pending.batch);
        db.write(writeOptions, pending.batch);
      }
      participant.written();
      written = true;
    } catch (RocksDBException | RuntimeException e) {
      participant.lost();
      if (failedInTurn == null) {
        // earlier operations of the turn lost their changes with it
        failedInTurn = e instanceof RocksDBException r ? r : new RocksDBException(e.toString());
      }
      throw e;
    } finally {
      try {
        if (written) {
          pending.written(); // in-memory mirrors follow the write, outside the failure path
        }
      } finally {
        pending.clear(); // a failed write fails its whole group; nothing is retried
      }
    }
  }

  /**
   * Writer thread, at the end of a turn: throws the first write failure of the turn, so the
   * whole group fails, also the operations whose changes a mid-turn write took with it.
   */
  void endTurn() throws RocksDBException {
    RocksDBException failure = failedInTurn;
    failedInTurn = null;
    if (failure != null) {
      throw failure;
    }
  }

  /** An iterator over {@code family} positioned at the first key not before {@code from}. */
  RocksIterator seek(ColumnFamilyHandle family, byte[] from) {
    RocksIterator it = db.newIterator(family);
    it.seek(from);
    return it;
  }

  /**
   * Visits the entries of {@code family} with keys starting with {@code prefix}, from the first
   * key not before {@code from}, in order, as of {@code snapshot} (null: now), until
   * {@code visitor} returns false. The iterator is bounded by the prefix's end, so deleted
   * entries after it (a memtable full of acknowledged messages) are never scanned.
   */
  void scan(ColumnFamilyHandle family, byte[] prefix, byte[] from, Snapshot snapshot,
      BiPredicate<byte[], byte[]> visitor) {
    try (Slice bound = new Slice(Keys.prefixEnd(prefix));
         ReadOptions options = new ReadOptions().setIterateUpperBound(bound)) {
      if (snapshot != null) {
        options.setSnapshot(snapshot);
      }
      try (RocksIterator it = db.newIterator(family, options)) {
        for (it.seek(from); it.isValid() && Keys.startsWith(it.key(), prefix); it.next()) {
          if (!visitor.test(it.key(), it.value())) {
            return;
          }
        }
      }
    }
  }

  /** Makes every write so far durable: one fsync of the write-ahead log. */
  void syncWal() throws RocksDBException {
    db.syncWal();
  }

  @Override
  public void close() {
    handles.forEach(ColumnFamilyHandle::close);
    db.close();
    pending.close();
    writeOptions.close();
    familyOptions.close();
    dbOptions.close();
  }
}
