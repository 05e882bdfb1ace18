package dev.aedes.persistence.rocksdb;

import dev.aedes.packet.PublishPacket;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Snapshot;
import org.rocksdb.WriteBatch;

/**
 * Per-client outgoing queues. An entry's key ends with a sequence number that only grows (the
 * next one is found again at open), so a queue keeps its order across restarts. An in-memory
 * index from message id to sequence ({@link OutgoingIndex}), rebuilt at open, finds a sent
 * entry without a scan, and the values of those entries (the messages in flight, at most the
 * in-flight window per client) are kept beside it, so a clear needs no read. All methods but
 * {@link #stream} run on the writer thread.
 *
 * <p>Changes of one writer turn wait in {@link #changes} (by sequence, last change wins) until
 * {@link #writeChanges}: a message enqueued and cleared in the same turn is never written at
 * all, and a clear finds a value put in the same turn without reading the database. The index
 * and the changes follow every call at once, undoably until written: a write that fails undoes
 * all it took, an operation that fails its own ({@link OpScope}), so the index never holds an
 * entry the disk lacks nor lacks one the disk holds.
 */
final class OutgoingQueues implements RocksStore.Participant {
  private final RocksStore store;
  private final OutgoingIndex index = new OutgoingIndex();
  /** The entries with a deadline, for the expiry sweep. */
  final ExpiringIndex expiring;
  private long nextSequence;
  /** This turn's changes by sequence, in order; a null value deletes. */
  private final Map<Long, Change> changes = new LinkedHashMap<>();
  /** Client id to the sequence of its entry last matched by {@link #firstUnsent}. */
  private final Map<String, Long> unsentCursor = new HashMap<>();
  /** Where the running operation's changes start in the index's undo log. */
  private int opStart;
  /** About the bytes {@link #changes} adds to the next write. */
  private long unjoinedBytes;
  /** {@link #unjoinedBytes} when the running operation began. */
  private long opStartBytes;

  /** A pending change; {@code fresh}: the key did not exist before this turn. */
  private record Change(String clientId, byte[] value, boolean fresh) {
  }

  OutgoingQueues(RocksStore store) {
    this.store = store;
    this.expiring = new ExpiringIndex(store);
    store.participant(this);
  }

  /** Rebuilds the index and the next sequence from the store; returns how many are queued. */
  long load() {
    long count = 0;
    long last = -1;
    try (RocksIterator it = store.db.newIterator(store.outgoing)) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        byte[] key = it.key();
        long sequence = Keys.sequence(key);
        last = Math.max(last, sequence);
        byte[] value = it.value();
        int messageId = PacketCodec.messageId(value);
        if (messageId != 0) {
          index.load(Keys.clientId(key), messageId, sequence, value);
        }
        count++;
      }
    }
    nextSequence = last + 1;
    expiring.load();
    return count;
  }

  /** Whether the client's queue holds an entry (PUBLISH or PUBREL) under {@code messageId}. */
  boolean carries(String clientId, int messageId) {
    return index.sequence(clientId, messageId) != null;
  }

  void enqueue(String clientId, PublishPacket packet) throws RocksDBException {
    long sequence = nextSequence++;
    byte[] value = PacketCodec.encode(packet);
    change(sequence, new Change(clientId, value, true));
    if (packet.messageId() != 0) {
      index.track(clientId, packet.messageId(), sequence, value);
    } else if (packet.properties().messageExpiryInterval() != null) {
      expiring.add(clientId, packet.properties().messageExpiryInterval(), sequence);
    }
  }

  /**
   * For the expiry sweep: deletes the client's entry {@code sequence} if it is there, unsent (no
   * message id, not a PUBREL) and its own deadline passed by {@code nowMillis}; true if it did.
   * The entry's own deadline, not the index's: the index entry may have outlived the message it
   * named (delivered, its session cleaned), and its sequence may name another message now.
   * Reads the database: what this turn changed must be written first.
   */
  boolean dropExpired(String clientId, long sequence, long nowMillis)
      throws RocksDBException {
    if (changes.containsKey(sequence)) {
      return false; // removed by this sweep already (a stale index entry named it too)
    }
    byte[] value = store.db.get(store.outgoing, Keys.outgoing(clientId, sequence));
    if (value == null || PacketCodec.isPubrel(value) || PacketCodec.messageId(value) != 0) {
      return false;
    }
    Long deadline = PacketCodec.decode(value).properties().messageExpiryInterval();
    if (deadline == null || deadline * 1000 > nowMillis) {
      return false;
    }
    change(sequence, new Change(clientId, null, false));
    return true;
  }

  /** Gives the entry {@code queued} the id and DUP flag of {@code sent}; no entry: no change. */
  void update(String clientId, PublishPacket queued, PublishPacket sent) throws RocksDBException {
    Long sequence = queued.messageId() != 0
        ? index.sequence(clientId, queued.messageId())
        : firstUnsent(clientId, queued);
    if (sequence == null) {
      return;
    }
    Change before = changes.get(sequence);
    byte[] value = PacketCodec.encode(sent);
    change(sequence, new Change(clientId, value, before != null && before.fresh()));
    if (queued.messageId() != 0
        && sequence.equals(index.sequence(clientId, queued.messageId()))) {
      index.remove(clientId, queued.messageId());
    }
    Long deadline = queued.properties().messageExpiryInterval();
    if (queued.messageId() == 0 && sent.messageId() != 0 && deadline != null) {
      expiring.remove(deadline, sequence); // sent: no longer the sweep's
    }
    if (sent.messageId() != 0) {
      index.track(clientId, sent.messageId(), sequence, value);
    } else {
      index.value(sequence, null);
    }
  }

  /**
   * The first entry without a message id equal to {@code queued}. Equal entries are
   * interchangeable, and the broker sends them in queue order, so this is almost always the
   * first entry after those in flight.
   */
  private Long firstUnsent(String clientId, PublishPacket queued) throws RocksDBException {
    store.writePending(); // the scan reads the database; this turn's changes joined first
    // The scan starts where the last one matched: re-sending a queue of n messages after a
    // reconnect takes n short scans, not n scans from the head (quadratic).
    long from = unsentCursor.getOrDefault(clientId, 0L);
    Long sequence = scanUnsent(clientId, queued, from);
    if (sequence == null && from > 0) {
      sequence = scanUnsent(clientId, queued, 0);
    }
    if (sequence != null) {
      unsentCursor.put(clientId, sequence);
    }
    return sequence;
  }

  private Long scanUnsent(String clientId, PublishPacket queued, long from) {
    Long[] found = {null};
    store.scan(store.outgoing, Keys.clientPrefix(clientId), Keys.outgoing(clientId, from), null,
        (key, value) -> {
          if (PacketCodec.messageId(value) == 0 && PacketCodec.decode(value).equals(queued)) {
            found[0] = Keys.sequence(key);
            return false;
          }
          return true;
        });
    return found[0];
  }

  /**
   * Turns the entry carrying {@code messageId} into a PUBREL (its PUBREC came); with no such
   * entry a PUBREL entry is appended, so that PUBCOMP finds it.
   */
  void release(String clientId, int messageId) throws RocksDBException {
    Long sequence = index.sequence(clientId, messageId);
    boolean fresh;
    if (sequence == null) {
      sequence = nextSequence++;
      index.put(clientId, messageId, sequence);
      fresh = true;
    } else {
      Change before = changes.get(sequence);
      fresh = before != null && before.fresh();
    }
    byte[] value = PacketCodec.encodePubrel(messageId);
    change(sequence, new Change(clientId, value, fresh));
    index.value(sequence, value);
  }

  /** Message ids of the client's PUBREL entries in queue order, as of {@code snapshot}. */
  List<Integer> released(String clientId, Snapshot snapshot) {
    List<Integer> ids = new ArrayList<>();
    byte[] prefix = Keys.clientPrefix(clientId);
    store.scan(store.outgoing, prefix, prefix, snapshot, (key, value) -> {
      if (PacketCodec.isPubrel(value)) {
        ids.add(PacketCodec.messageId(value));
      }
      return true;
    });
    return ids;
  }

  /** Removes and returns the entry carrying {@code messageId}, or null (also for a PUBREL). */
  PublishPacket clear(String clientId, int messageId) throws RocksDBException {
    Long sequence = index.remove(clientId, messageId);
    if (sequence == null) {
      return null;
    }
    byte[] value = index.value(sequence);
    index.value(sequence, null);
    Change before = changes.get(sequence);
    // put and delete in one turn: neither is written
    change(sequence, before != null && before.fresh() ? null : new Change(clientId, null, false));
    return value == null || PacketCodec.isPubrel(value) ? null : PacketCodec.decode(value);
  }

  /** Adds this turn's changes to the store's pending batch; at the end of every turn. */
  void writeChanges() throws RocksDBException {
    unjoinedBytes = 0;
    try {
      for (Map.Entry<Long, Change> entry : changes.entrySet()) {
        Change change = entry.getValue();
        byte[] key = Keys.outgoing(change.clientId(), entry.getKey());
        if (change.value() != null) {
          store.put(store.outgoing, key, change.value());
        } else {
          store.delete(store.outgoing, key);
        }
      }
    } finally {
      changes.clear(); // a failure fails the whole group; nothing is retried
    }
  }

  /**
   * Adds the deletion of the client's whole queue to {@code batch}; its changes of this turn
   * are dropped, as the deletion would remove what they write.
   */
  void clean(String clientId, WriteBatch batch) throws RocksDBException {
    for (Iterator<Map.Entry<Long, Change>> it = changes.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<Long, Change> entry = it.next();
      if (entry.getValue().clientId().equals(clientId)) {
        long sequence = entry.getKey();
        Change before = entry.getValue();
        it.remove();
        index.onUndo(() -> changes.put(sequence, before));
      }
    }
    byte[] prefix = Keys.clientPrefix(clientId);
    batch.deleteRange(store.outgoing, prefix, Keys.prefixEnd(prefix));
  }

  /** After {@link #clean}'s batch is written. */
  void forget(String clientId) {
    index.forget(clientId);
    unsentCursor.remove(clientId);
  }

  /** The client's queue in order, as of {@code snapshot}; any thread. */
  List<PublishPacket> stream(String clientId, Snapshot snapshot) {
    List<PublishPacket> queue = new ArrayList<>();
    byte[] prefix = Keys.clientPrefix(clientId);
    store.scan(store.outgoing, prefix, prefix, snapshot, (key, value) -> {
      if (!PacketCodec.isPubrel(value)) {
        queue.add(PacketCodec.decode(value));
      }
      return true;
    });
    return queue;
  }

  /** Puts {@code change} (null: none) for {@code sequence} in this turn, undoably. */
  private void change(long sequence, Change change) {
    Change before = change == null ? changes.remove(sequence) : changes.put(sequence, change);
    if (change != null && change.value() != null) {
      unjoinedBytes += change.value().length + change.clientId().length() + 48;
      store.addsData();
    }
    index.onUndo(() -> {
      if (before == null) {
        changes.remove(sequence);
      } else {
        changes.put(sequence, before);
      }
    });
  }

  /** Writer thread: an operation starts; see {@link OpScope}. */
  void beginOp() {
    opStart = index.mark();
    opStartBytes = unjoinedBytes;
  }

  /** Writer thread: the running operation failed; its changes not yet written are undone. */
  void dropOp() {
    index.undoFrom(opStart); // after a write, from where it left the log
    unjoinedBytes = Math.min(unjoinedBytes, opStartBytes); // its bytes no longer count
  }

  /** About the bytes this turn's changes not yet in the pending batch will write. */
  long unjoinedBytes() {
    return unjoinedBytes;
  }

  @Override
  public void join() throws RocksDBException {
    writeChanges();
  }

  @Override
  public void written() {
    index.written();
    opStart = 0;
  }

  @Override
  public void lost() {
    index.undoFrom(0); // the changes the write took are undone with the rest: none is written
    changes.clear();
    unjoinedBytes = 0;
    opStart = 0;
  }
}
