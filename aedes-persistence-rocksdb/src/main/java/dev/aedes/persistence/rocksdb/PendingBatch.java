package dev.aedes.persistence.rocksdb;

import java.util.ArrayList;
import java.util.List;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

/**
 * The writer's changes not yet written, with what each operation of the turn added to them:
 * a save point at its first change, so that its changes can be dropped alone
 * ({@link OpScope}), and whether it stores something (a delete-only operation goes on while
 * the disk is full), with the in-memory changes that wait for the batch's write
 * ({@link #onWritten}). Writer thread only.
 */
final class PendingBatch implements AutoCloseable {
  final WriteBatch batch = new WriteBatch();
  private boolean inOp;
  /** The running operation's first change since the last write is saved. */
  private boolean opSavePoint;
  /** The running operation stores something. */
  private boolean opAddsData;
  /** Changes joined for a write are no operation's (see {@link RocksStore.Participant}). */
  private boolean joining;
  /** About the bytes of the batch (counted here: the batch's own count is a native call). */
  private long bytes;
  private long bytesAtSavePoint;
  /** In-memory changes made once the batch is written, in order; dropped if it is not. */
  private final List<Runnable> onWritten = new ArrayList<>();
  private int onWrittenAtSavePoint;

  void put(ColumnFamilyHandle family, byte[] key, byte[] value) throws RocksDBException {
    if (changing()) {
      opAddsData = true;
    }
    batch.put(family, key, value);
    bytes += key.length + value.length + 16;
  }

  void delete(ColumnFamilyHandle family, byte[] key) throws RocksDBException {
    changing();
    batch.delete(family, key);
    bytes += key.length + 16;
  }

  void deleteRange(ColumnFamilyHandle family, byte[] from, byte[] to) throws RocksDBException {
    changing();
    batch.deleteRange(family, from, to);
    bytes += from.length + to.length + 16;
  }

  /**
   * Makes {@code change} (to memory that mirrors the disk) once the changes pending so far are
   * written; never if the write fails or the running operation's changes are dropped.
   */
  void onWritten(Runnable change) throws RocksDBException {
    changing();
    onWritten.add(change);
  }

  /** The batch is written: the in-memory changes waiting for it are made, in order. */
  void written() {
    onWritten.forEach(Runnable::run);
    onWritten.clear();
  }

  /** Whether the change about to be made is the running operation's (saved before its first). */
  private boolean changing() throws RocksDBException {
    if (joining || !inOp) {
      return false;
    }
    if (!opSavePoint) {
      batch.setSavePoint();
      opSavePoint = true;
      bytesAtSavePoint = bytes;
      onWrittenAtSavePoint = onWritten.size();
    }
    return true;
  }

  void joining(boolean joining) {
    this.joining = joining;
  }

  void beginOp() {
    inOp = true;
    opSavePoint = false;
    opAddsData = false;
  }

  /** The running operation stores something outside this batch (not joined yet). */
  void addsData() {
    if (inOp && !joining) {
      opAddsData = true;
    }
  }

  /** About the bytes of the batch. */
  long bytes() {
    return bytes;
  }

  boolean opAddsData() {
    return opAddsData;
  }

  /** The running operation's changes stay. */
  void keepOp() throws RocksDBException {
    inOp = false;
    if (opSavePoint) {
      opSavePoint = false;
      batch.popSavePoint();
    }
  }

  /** The running operation's changes since the last write are dropped. */
  void dropOp() throws RocksDBException {
    inOp = false;
    if (opSavePoint) {
      opSavePoint = false;
      batch.rollbackToSavePoint();
      bytes = bytesAtSavePoint;
      onWritten.subList(onWrittenAtSavePoint, onWritten.size()).clear();
    }
  }

  /**
   * After a write, failed or not (a failed one's in-memory changes are never made): the running
   * operation's later changes get a new save point.
   */
  void clear() {
    batch.clear();
    onWritten.clear();
    opSavePoint = false;
    bytes = 0;
  }

  @Override
  public void close() {
    batch.close();
  }
}
