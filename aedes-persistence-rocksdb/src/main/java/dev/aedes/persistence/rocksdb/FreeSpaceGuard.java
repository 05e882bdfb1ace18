package dev.aedes.persistence.rocksdb;

import java.nio.file.Path;
import java.util.function.LongSupplier;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

/**
 * Refuses a write that would leave less room than a flush of the memtables needs, so RocksDB
 * itself never meets a full disk: a failed append to its write-ahead log or a failed flush
 * stops every later write of the open database until a restart (there is no resume in its Java
 * API). Refused, the write changes nothing, and the next one checks again: writes succeed as
 * soon as space is freed. A write that only deletes (a PUBACK, a clean session's cleanup at
 * CONNECT) adds little and lets space be reclaimed, so it goes on down to {@link #DELETE_MARGIN}.
 *
 * <p>A check (a statfs and a property read, about 2 us) is skipped while the writes since the
 * last one cannot have used half the room it found, for at most {@link #RECHECK_NANOS}: one per
 * write would cost a third of the throughput of single unsynced writes. Writer thread only.
 */
final class FreeSpaceGuard {
  /** Room kept free beyond the memtables: manifest, info LOG, OPTIONS, table overhead. */
  static final long SPACE_MARGIN = 4L << 20;
  /** Room a write that only deletes leaves free. */
  static final long DELETE_MARGIN = 1L << 20;
  /** Longest time between two checks of the free space while writing. */
  static final long RECHECK_NANOS = 50_000_000;

  private final Path path;
  private final LongSupplier memtableBytes;
  private long checkedAt;
  private long headroom;
  private long spentSinceCheck;

  FreeSpaceGuard(Path path, LongSupplier memtableBytes) {
    this.path = path;
    this.memtableBytes = memtableBytes;
  }

  /** Throws {@link DiskFullException}, naming the directory, if {@code batch} has no room. */
  void check(WriteBatch batch) throws DiskFullException {
    long bytes = batch.getDataSize();
    long cost = 3 * bytes + 128; // the log record, the memtable entry and its overhead
    if (roomCached(cost)) {
      spentSinceCheck += cost;
      return;
    }
    long needed = bytes + memtableBytes.getAsLong() + SPACE_MARGIN;
    long free = recheck(needed);
    if (free >= needed) {
      return;
    }
    boolean onlyDeletes = !batch.hasPut() && !batch.hasMerge();
    if (onlyDeletes && free >= bytes + DELETE_MARGIN) {
      return;
    }
    throw full(free, onlyDeletes ? bytes + DELETE_MARGIN : needed, bytes, !onlyDeletes);
  }

  /**
   * Throws {@link DiskFullException} if a write of {@code bytes} that stores something would be
   * refused now: an operation of a writer turn that adds data fails alone, before the turn's
   * write, so the deletions of the turn (PUBACKs) still go on while the disk is full. Spends
   * nothing: the turn's write is checked again.
   */
  void checkPuts(long bytes) throws DiskFullException {
    if (roomCached(3 * bytes + 128)) {
      return;
    }
    long needed = bytes + memtableBytes.getAsLong() + SPACE_MARGIN;
    long free = recheck(needed);
    if (free < needed) {
      throw full(free, needed, bytes, true);
    }
  }

  private boolean roomCached(long cost) {
    return spentSinceCheck + cost <= headroom && System.nanoTime() - checkedAt < RECHECK_NANOS;
  }

  /** The free space now; the room for the writes until the next check is what it leaves. */
  private long recheck(long needed) {
    long free = path.toFile().getUsableSpace();
    checkedAt = System.nanoTime();
    spentSinceCheck = 0;
    headroom = Math.max(0, (free - needed) / 2);
    return free;
  }

  private DiskFullException full(long free, long needed, long bytes, boolean puts) {
    return new DiskFullException("disk full: " + free + " bytes free in " + path + ", "
        + needed + " needed to write " + bytes + " bytes"
        + (puts ? " and still flush the memtables" : ""));
  }

  /** A write refused for want of disk space (nothing of it written). */
  static final class DiskFullException extends RocksDBException {
    DiskFullException(String message) {
      super(message);
    }
  }
}
