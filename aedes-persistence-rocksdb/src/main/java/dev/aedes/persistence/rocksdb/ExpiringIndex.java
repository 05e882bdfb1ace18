package dev.aedes.persistence.rocksdb;

import java.nio.charset.StandardCharsets;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;

/**
 * The queued messages that have a deadline (the broker stamps a message's Message Expiry
 * Interval as its deadline in epoch seconds), in deadline order: family {@code expiring}, key
 * deadline(8) sequence(8), both big-endian, to the client id. An entry is put with its queue
 * entry, in the same write, and removed only by {@link #sweep} once its deadline passed, which
 * deletes the queue entry if it is still there and unsent (no message id): whatever became of it
 * meanwhile (sent, cleared, its session cleaned) needs no change here. Writer thread only, but
 * {@link #due}, which any thread reads.
 */
final class ExpiringIndex {
  private final RocksStore store;
  /** The first entry's deadline (epoch seconds); {@link Long#MAX_VALUE} when there is none. */
  private volatile long earliest = Long.MAX_VALUE;
  /** The earliest deadline added since the last sweep began (not in its scan). */
  private long addedSinceSweep = Long.MAX_VALUE;

  ExpiringIndex(RocksStore store) {
    this.store = store;
  }

  /** At open: finds the first deadline. */
  void load() {
    try (RocksIterator it = store.db.newIterator(store.expiring)) {
      it.seekToFirst();
      earliest = it.isValid() ? deadline(it.key()) : Long.MAX_VALUE;
    }
  }

  /** Whether an entry's deadline passed by {@code nowMillis}; cheap, any thread. */
  boolean due(long nowMillis) {
    long first = earliest;
    return first != Long.MAX_VALUE && first * 1000 <= nowMillis;
  }

  /** Indexes the queue entry {@code sequence} of the client, due at {@code deadline}. */
  void add(String clientId, long deadline, long sequence) throws RocksDBException {
    store.put(store.expiring, key(deadline, sequence), Keys.utf8(clientId));
    addedSinceSweep = Math.min(addedSinceSweep, deadline);
    if (deadline < earliest) {
      earliest = deadline; // at once: if the write fails, a sweep finds nothing and says so
    }
  }

  /**
   * Deletes the unsent queue entries due by {@code nowMillis}, at most {@code limit} index
   * entries per call (the next call goes on); returns how many queue entries it deleted.
   */
  int sweep(long nowMillis, int limit, OutgoingQueues queues) throws RocksDBException {
    store.writePending(); // the scan reads the database: this turn's changes first
    addedSinceSweep = Long.MAX_VALUE;
    int dropped = 0;
    int seen = 0;
    long next = Long.MAX_VALUE;
    try (RocksIterator it = store.db.newIterator(store.expiring)) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        byte[] key = it.key();
        long deadline = deadline(key);
        if (deadline * 1000 > nowMillis || seen == limit) {
          next = deadline;
          break;
        }
        String clientId = new String(it.value(), StandardCharsets.UTF_8);
        if (queues.dropUnsent(clientId, sequence(key))) {
          dropped++;
        }
        store.delete(store.expiring, key);
        seen++;
      }
    }
    long first = next;
    // once written (a failed write leaves it low: the next sweep tries again), with what was
    // added since the scan
    store.onWritten(() -> earliest = Math.min(first, addedSinceSweep));
    return dropped;
  }

  private static byte[] key(long deadline, long sequence) {
    byte[] key = new byte[16];
    for (int i = 0; i < 8; i++) {
      key[i] = (byte) (deadline >>> (56 - 8 * i));
      key[8 + i] = (byte) (sequence >>> (56 - 8 * i));
    }
    return key;
  }

  private static long deadline(byte[] key) {
    long deadline = 0;
    for (int i = 0; i < 8; i++) {
      deadline = deadline << 8 | (key[i] & 0xff);
    }
    return deadline;
  }

  private static long sequence(byte[] key) {
    return Keys.sequence(key); // the last 8 bytes, as in an outgoing key
  }
}
