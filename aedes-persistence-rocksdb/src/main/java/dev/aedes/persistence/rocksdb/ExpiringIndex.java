package dev.aedes.persistence.rocksdb;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The queued messages that have a deadline (the broker stamps a message's Message Expiry
 * Interval as its deadline in epoch seconds), in deadline order: family {@code expiring}, key
 * deadline(8) sequence(8), both big-endian, to the client id. An entry is put with its queue
 * entry, in the same write, and removed when the message is sent (it takes a message id) or by
 * {@link #sweep} once its deadline passed, which deletes the queue entry if it is still there,
 * unsent and expired itself: an index entry may outlive its message (a session cleaned, a
 * message enqueued and cleared in one turn) until its deadline. A data directory from before
 * the index is indexed once at open ({@link #load}). Writer thread only, but {@link #due}.
 */
final class ExpiringIndex {
  private static final Logger LOG = LoggerFactory.getLogger(ExpiringIndex.class);
  /** In the default family once every queued message with a deadline is indexed. */
  static final byte[] INDEXED = Keys.utf8("expiring-indexed");
  /** Index entries per write when a directory from before the index is indexed. */
  private static final int INDEX_CHUNK = 10_000;
  private final RocksStore store;
  /** The first entry's deadline (epoch seconds); {@link Long#MAX_VALUE} when there is none. */
  private volatile long earliest = Long.MAX_VALUE;
  /** The earliest deadline added since the last sweep began (not in its scan). */
  private long addedSinceSweep = Long.MAX_VALUE;

  ExpiringIndex(RocksStore store) {
    this.store = store;
  }

  /**
   * At open, before the writer starts: indexes the unsent queued messages of a directory made
   * before the index (once, marked), then finds the first deadline.
   */
  void load() {
    try {
      if (store.db.get(INDEXED) == null) {
        indexQueued();
      }
    } catch (RocksDBException e) {
      throw new IllegalStateException("cannot index the expiring messages in " + store.path
          + ": " + e.getMessage(), e);
    }
    try (RocksIterator it = store.db.newIterator(store.expiring)) {
      it.seekToFirst();
      earliest = it.isValid() ? deadline(it.key()) : Long.MAX_VALUE;
    }
  }

  /**
   * Indexes every unsent queued message with a deadline (a directory from before the index), in
   * writes of {@link #INDEX_CHUNK}, the marker with the last one: an open that stops midway
   * indexes again, and an index entry put twice is the same. An entry that does not decode is
   * left to its session's resume, which reports it.
   */
  private void indexQueued() throws RocksDBException {
    long started = System.nanoTime();
    int indexed = 0;
    int unreadable = 0;
    WriteBatch batch = new WriteBatch();
    try (WriteOptions sync = new WriteOptions().setSync(true);
         RocksIterator it = store.db.newIterator(store.outgoing)) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        byte[] value = it.value();
        if (PacketCodec.isPubrel(value) || PacketCodec.messageId(value) != 0) {
          continue;
        }
        Long deadline;
        try {
          deadline = PacketCodec.decode(value).properties().messageExpiryInterval();
        } catch (RuntimeException e) {
          unreadable++;
          continue;
        }
        if (deadline != null) {
          batch.put(store.expiring, key(deadline, Keys.sequence(it.key())),
              Keys.utf8(Keys.clientId(it.key())));
          if (++indexed % INDEX_CHUNK == 0) {
            store.db.write(sync, batch);
            batch.close();
            batch = new WriteBatch();
          }
        }
      }
      batch.put(INDEXED, new byte[0]);
      store.db.write(sync, batch);
    } finally {
      batch.close();
    }
    if (indexed > 0 || unreadable > 0) {
      LOG.info("{}: indexed {} queued messages with a deadline in {} ms ({} unreadable, left "
          + "to their session's resume)", store.path, indexed,
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), unreadable);
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

  /** The message indexed at {@code deadline} and {@code sequence} was sent. */
  void remove(long deadline, long sequence) throws RocksDBException {
    store.delete(store.expiring, key(deadline, sequence));
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
    byte[] first = null;
    byte[] last = null;
    try (RocksIterator it = store.db.newIterator(store.expiring)) {
      // from the first deadline known (never after the first entry): what earlier sweeps
      // deleted lies before it, and the seek does not walk it
      long from = earliest == Long.MAX_VALUE ? 0 : earliest;
      for (it.seek(key(from, 0)); it.isValid(); it.next()) {
        byte[] key = it.key();
        long deadline = deadline(key);
        if (deadline * 1000 > nowMillis || seen == limit) {
          next = deadline;
          break;
        }
        String clientId = new String(it.value(), StandardCharsets.UTF_8);
        if (queues.dropExpired(clientId, Keys.getLong(key, 8), nowMillis)) {
          dropped++;
        }
        first = first == null ? key : first;
        last = key;
        seen++;
      }
    }
    if (first != null) {
      // one range tombstone, which later scans skip at once, not one per entry
      store.deleteRange(store.expiring, first, after(last));
    }
    long remaining = next;
    // once written (a failed write leaves it low: the next sweep tries again), with what was
    // added since the scan
    store.onWritten(() -> earliest = Math.min(remaining, addedSinceSweep));
    return dropped;
  }

  /** The first key after {@code key}. */
  private static byte[] after(byte[] key) {
    return Arrays.copyOf(key, key.length + 1); // with a 0x00 tail: right after it
  }

  private static byte[] key(long deadline, long sequence) {
    byte[] key = new byte[16];
    Keys.putLong(key, 0, deadline);
    Keys.putLong(key, 8, sequence);
    return key;
  }

  private static long deadline(byte[] key) {
    return Keys.getLong(key, 0);
  }
}
