package dev.aedes.persistence.rocksdb;

import dev.aedes.packet.PublishPacket;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;

/**
 * Per-client outgoing queues. An entry's key ends with a sequence number that only grows (the
 * next one is found again at open), so a queue keeps its order across restarts. An in-memory
 * index from message id to sequence, rebuilt at open, finds a sent entry without a scan. All
 * methods but {@link #stream} run on the writer thread.
 */
final class OutgoingQueues {
  private final RocksStore store;
  /** Client id to (message id to sequence) of its entries that carry a message id. */
  private final Map<String, Map<Integer, Long>> sequenceById = new HashMap<>();
  private long nextSequence;

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
        int messageId = PacketCodec.messageId(it.value());
        if (messageId != 0) {
          index(Keys.clientId(key)).put(messageId, sequence);
        }
        count++;
      }
    }
    nextSequence = last + 1;
    return count;
  }

  void enqueue(String clientId, PublishPacket packet) throws RocksDBException {
    long sequence = nextSequence++;
    store.put(store.outgoing, Keys.outgoing(clientId, sequence), PacketCodec.encode(packet));
    if (packet.messageId() != 0) {
      index(clientId).put(packet.messageId(), sequence);
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
    store.put(store.outgoing, Keys.outgoing(clientId, sequence), PacketCodec.encode(sent));
    Map<Integer, Long> index = index(clientId);
    if (queued.messageId() != 0) {
      index.remove(queued.messageId(), sequence);
    }
    if (sent.messageId() != 0) {
      index.put(sent.messageId(), sequence);
    }
  }

  /**
   * The first entry without a message id equal to {@code queued}. Equal entries are
   * interchangeable, and the broker sends them in queue order, so this is almost always the
   * first entry after those in flight.
   */
  private Long firstUnsent(String clientId, PublishPacket queued) {
    byte[] prefix = Keys.clientPrefix(clientId);
    try (RocksIterator it = store.seek(store.outgoing, prefix)) {
      for (; it.isValid() && Keys.startsWith(it.key(), prefix); it.next()) {
        byte[] value = it.value();
        if (PacketCodec.messageId(value) == 0 && PacketCodec.decode(value).equals(queued)) {
          return Keys.sequence(it.key());
        }
      }
    }
    return null;
  }

  /**
   * Turns the entry carrying {@code messageId} into a PUBREL (its PUBREC came); with no such
   * entry a PUBREL entry is appended, so that PUBCOMP finds it.
   */
  void release(String clientId, int messageId) throws RocksDBException {
    Map<Integer, Long> index = index(clientId);
    Long sequence = index.get(messageId);
    if (sequence == null) {
      sequence = nextSequence++;
      index.put(messageId, sequence);
    }
    store.put(store.outgoing, Keys.outgoing(clientId, sequence),
        PacketCodec.encodePubrel(messageId));
  }

  /** Message ids of the client's PUBREL entries in queue order; any thread. */
  List<Integer> released(String clientId) {
    List<Integer> ids = new ArrayList<>();
    byte[] prefix = Keys.clientPrefix(clientId);
    try (RocksIterator it = store.seek(store.outgoing, prefix)) {
      for (; it.isValid() && Keys.startsWith(it.key(), prefix); it.next()) {
        byte[] value = it.value();
        if (PacketCodec.isPubrel(value)) {
          ids.add(PacketCodec.messageId(value));
        }
      }
    }
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
    byte[] key = Keys.outgoing(clientId, sequence);
    byte[] value = store.db.get(store.outgoing, key);
    store.delete(store.outgoing, key);
    return value == null || PacketCodec.isPubrel(value) ? null : PacketCodec.decode(value);
  }

  /** Adds the deletion of the client's whole queue to {@code batch}. */
  void clean(String clientId, WriteBatch batch) throws RocksDBException {
    byte[] prefix = Keys.clientPrefix(clientId);
    batch.deleteRange(store.outgoing, prefix, Keys.prefixEnd(prefix));
  }

  /** After {@link #clean}'s batch is written. */
  void forget(String clientId) {
    sequenceById.remove(clientId);
  }

  /** The client's queue in order; any thread (reads a consistent view of the store). */
  List<PublishPacket> stream(String clientId) {
    List<PublishPacket> queue = new ArrayList<>();
    byte[] prefix = Keys.clientPrefix(clientId);
    try (RocksIterator it = store.seek(store.outgoing, prefix)) {
      for (; it.isValid() && Keys.startsWith(it.key(), prefix); it.next()) {
        byte[] value = it.value();
        if (!PacketCodec.isPubrel(value)) {
          queue.add(PacketCodec.decode(value));
        }
      }
    }
    return queue;
  }

  private Map<Integer, Long> index(String clientId) {
    return sequenceById.computeIfAbsent(clientId, id -> new HashMap<>());
  }
}
