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
 * index from message id to sequence, rebuilt at open, finds a sent entry without a scan, and
 * the values of those entries (the messages in flight, at most the in-flight window per client)
 * are kept beside it, so a clear needs no read. All methods but {@link #stream} run on the
 * writer thread.
 *
 * <p>Changes of one writer turn wait in {@link #changes} (by sequence, last change wins) until
 * {@link #writeChanges}: a message enqueued and cleared in the same turn is never written at
 * all, and a clear finds a value put in the same turn without reading the database.
 */
final class OutgoingQueues {
  private final RocksStore store;
  /** Client id to (message id to sequence) of its entries that carry a message id. */
  private final Map<String, Map<Integer, Long>> sequenceById = new HashMap<>();
  /** Sequence to the stored value of every entry in {@link #sequenceById}. */
  private final Map<Long, byte[]> valueBySequence = new HashMap<>();
  private long nextSequence;
  /** This turn's changes by sequence, in order; a null value deletes. */
  private final Map<Long, Change> changes = new LinkedHashMap<>();
  /** Client id to the sequence of its entry last matched by {@link #firstUnsent}. */
  private final Map<String, Long> unsentCursor = new HashMap<>();

  /** A pending change; {@code fresh}: the key did not exist before this turn. */
  private record Change(String clientId, byte[] value, boolean fresh) {
  }

  OutgoingQueues(RocksStore store) {
    this.store = store;
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
          index(Keys.clientId(key)).put(messageId, sequence);
          valueBySequence.put(sequence, value);
        }
        count++;
      }
    }
    nextSequence = last + 1;
    return count;
  }

  void enqueue(String clientId, PublishPacket packet) throws RocksDBException {
    long sequence = nextSequence++;
    byte[] value = PacketCodec.encode(packet);
    changes.put(sequence, new Change(clientId, value, true));
    if (packet.messageId() != 0) {
      track(index(clientId), packet.messageId(), sequence, value);
    }
  }

  /** Gives the entry {@code queued} the id and DUP flag of {@code sent}; no entry: no change. */
  void update(String clientId, PublishPacket queued, PublishPacket sent) throws RocksDBException {
    Long sequence = queued.messageId() != 0
        ? sequenceById.getOrDefault(clientId, Map.of()).get(queued.messageId())
        : firstUnsent(clientId, queued);
    if (sequence == null) {
      return;
    }
    Change before = changes.get(sequence);
    byte[] value = PacketCodec.encode(sent);
    changes.put(sequence, new Change(clientId, value, before != null && before.fresh()));
    Map<Integer, Long> index = index(clientId);
    if (queued.messageId() != 0) {
      index.remove(queued.messageId(), sequence);
    }
    if (sent.messageId() != 0) {
      track(index, sent.messageId(), sequence, value);
    } else {
      valueBySequence.remove(sequence);
    }
  }

  /**
   * The first entry without a message id equal to {@code queued}. Equal entries are
   * interchangeable, and the broker sends them in queue order, so this is almost always the
   * first entry after those in flight.
   */
  private Long firstUnsent(String clientId, PublishPacket queued) throws RocksDBException {
    writeChanges(); // the scan reads the database
    store.writePending();
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
    Map<Integer, Long> index = index(clientId);
    Long sequence = index.get(messageId);
    boolean fresh;
    if (sequence == null) {
      sequence = nextSequence++;
      index.put(messageId, sequence);
      fresh = true;
    } else {
      Change before = changes.get(sequence);
      fresh = before != null && before.fresh();
    }
    byte[] value = PacketCodec.encodePubrel(messageId);
    changes.put(sequence, new Change(clientId, value, fresh));
    valueBySequence.put(sequence, value);
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
    Map<Integer, Long> index = sequenceById.get(clientId);
    Long sequence = index == null ? null : index.remove(messageId);
    if (sequence == null) {
      return null;
    }
    if (index.isEmpty()) {
      sequenceById.remove(clientId);
    }
    byte[] value = valueBySequence.remove(sequence);
    Change before = changes.get(sequence);
    if (before != null && before.fresh()) {
      changes.remove(sequence); // put and delete in one turn: neither is written
    } else {
      changes.put(sequence, new Change(clientId, null, false));
    }
    return value == null || PacketCodec.isPubrel(value) ? null : PacketCodec.decode(value);
  }

  /** Adds this turn's changes to the store's pending batch; at the end of every turn. */
  void writeChanges() throws RocksDBException {
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
    for (Iterator<Change> it = changes.values().iterator(); it.hasNext(); ) {
      if (it.next().clientId().equals(clientId)) {
        it.remove();
      }
    }
    byte[] prefix = Keys.clientPrefix(clientId);
    batch.deleteRange(store.outgoing, prefix, Keys.prefixEnd(prefix));
  }

  /** After {@link #clean}'s batch is written. */
  void forget(String clientId) {
    Map<Integer, Long> index = sequenceById.remove(clientId);
    if (index != null) {
      index.values().forEach(valueBySequence::remove);
    }
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


  /** Indexes an entry carrying a message id; an older entry under that id is no longer found. */
  private void track(Map<Integer, Long> index, int messageId, long sequence, byte[] value) {
    Long before = index.put(messageId, sequence);
    if (before != null && before != sequence) {
      valueBySequence.remove(before);
    }
    valueBySequence.put(sequence, value);
  }

  private Map<Integer, Long> index(String clientId) {
    return sequenceById.computeIfAbsent(clientId, id -> new HashMap<>());
  }
}
