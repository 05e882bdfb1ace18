package dev.aedes.persistence.rocksdb;

import dev.aedes.packet.Subscription;
import dev.aedes.topic.TopicFilters;
import dev.aedes.topic.TopicTree;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;

/**
 * Stored subscriptions and their in-memory copy: every subscription is loaded at open, by
 * client, so reading them never reads the disk. A {@link TopicTree} over them, which only
 * {@code subscriptionsByTopic} needs (the broker matches with its own tree), is built on the
 * first such call and kept from then on: a broker with a million persistent sessions does not
 * hold a second tree of them. Changes are made on the writer thread (disk first, then memory);
 * reads answer from memory on any thread.
 */
final class Subscriptions {
  private final RocksStore store;
  /** By filter, once {@link #buildTree} made it; writer thread only changes it. */
  private volatile TopicTree<String, Subscription> tree;
  /** Client id to its subscriptions by filter; each inner map is immutable, replaced whole. */
  private final Map<String, Map<String, Subscription>> byClient = new ConcurrentHashMap<>();
  /** Client id to its Subscription Identifiers by filter (MQTT 5); inner maps immutable. */
  private final Map<String, Map<String, Integer>> identifiers = new ConcurrentHashMap<>();
  /** Client id to its Session Expiry Interval in seconds, stored under the empty filter. */
  private final Map<String, Long> expiries = new ConcurrentHashMap<>();

  Subscriptions(RocksStore store) {
    this.store = store;
  }

  /** Loads every stored subscription; returns how many. */
  int load() {
    Map<String, Map<String, Subscription>> loaded = new HashMap<>();
    Map<String, Map<String, Integer>> loadedIds = new HashMap<>();
    int count = 0;
    try (RocksIterator it = store.db.newIterator(store.subscriptions)) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        byte[] key = it.key();
        String clientId = Keys.clientId(key);
        String filter = Keys.suffixText(key);
        byte[] value = it.value();
        if (filter.isEmpty()) {
          expiries.put(clientId, PacketCodec.decodeSessionExpiry(value));
          continue;
        }
        Subscription sub = PacketCodec.decodeOptions(filter, value);
        loaded.computeIfAbsent(clientId, id -> new LinkedHashMap<>(4)).put(sub.topic(), sub);
        int identifier = PacketCodec.subscriptionIdentifier(value);
        if (identifier > 0) {
          loadedIds.computeIfAbsent(clientId, id -> new HashMap<>()).put(filter, identifier);
        }
        count++;
      }
    }
    loaded.forEach((clientId, subs) -> byClient.put(clientId, Collections.unmodifiableMap(subs)));
    loadedIds.forEach((clientId, ids) -> identifiers.put(clientId, Map.copyOf(ids)));
    return count;
  }

  /** Writer thread. */
  void add(String clientId, Collection<Subscription> subs) throws RocksDBException {
    add(clientId, subs, 0);
  }

  /** Writer thread; {@code identifier} 0 stores none (and drops an earlier one). */
  void add(String clientId, Collection<Subscription> subs, int identifier)
      throws RocksDBException {
    for (Subscription sub : subs) {
      if (!TopicTree.fitsDefault(sub.topic())) {
        throw new IllegalArgumentException("topic filter too deep: " + sub.topic());
      }
    }
    try (WriteBatch batch = new WriteBatch()) {
      for (Subscription sub : subs) {
        batch.put(store.subscriptions, Keys.subscription(clientId, sub.topic()),
            PacketCodec.encodeOptions(sub, identifier));
      }
      store.write(batch);
    }
    Map<String, Subscription> mine = new LinkedHashMap<>(byClient.getOrDefault(clientId, Map.of()));
    Map<String, Integer> ids = new HashMap<>(identifiers.getOrDefault(clientId, Map.of()));
    TopicTree<String, Subscription> byFilter = tree;
    for (Subscription sub : subs) {
      mine.put(sub.topic(), sub);
      if (byFilter != null) {
        byFilter.add(sub.topic(), clientId, sub);
      }
      if (identifier > 0) {
        ids.put(sub.topic(), identifier);
      } else {
        ids.remove(sub.topic());
      }
    }
    byClient.put(clientId, Collections.unmodifiableMap(mine));
    replaceIdentifiers(clientId, ids);
  }

  /**
   * Writer thread: the session's expiry interval, deleted with the session by clean. It joins
   * the turn's pending batch; memory takes it once that is written, so a failed write (or
   * operation) leaves the interval reported as the disk has it.
   */
  void putSessionExpiry(String clientId, long seconds) throws RocksDBException {
    store.put(store.subscriptions, Keys.clientPrefix(clientId),
        PacketCodec.encodeSessionExpiry(seconds));
    store.onWritten(() -> expiries.put(clientId, seconds));
  }

  Map<String, Long> sessionExpiries() {
    return Map.copyOf(expiries);
  }

  Map<String, Integer> identifiers(String clientId) {
    return identifiers.getOrDefault(clientId, Map.of());
  }

  /** A snapshot: the inner maps are immutable already. */
  Map<String, Map<String, Integer>> allIdentifiers() {
    return new HashMap<>(identifiers);
  }

  private void replaceIdentifiers(String clientId, Map<String, Integer> ids) {
    if (ids.isEmpty()) {
      identifiers.remove(clientId);
    } else {
      identifiers.put(clientId, Map.copyOf(ids));
    }
  }

  /** Writer thread. */
  void remove(String clientId, Collection<String> filters) throws RocksDBException {
    Map<String, Subscription> current = byClient.get(clientId);
    if (current == null) {
      return;
    }
    try (WriteBatch batch = new WriteBatch()) {
      for (String filter : filters) {
        batch.delete(store.subscriptions, Keys.subscription(clientId, filter));
      }
      store.write(batch);
    }
    Map<String, Subscription> mine = new LinkedHashMap<>(current);
    Map<String, Integer> ids = new HashMap<>(identifiers.getOrDefault(clientId, Map.of()));
    TopicTree<String, Subscription> byFilter = tree;
    for (String filter : filters) {
      if (mine.remove(filter) != null && byFilter != null) {
        byFilter.remove(filter, clientId);
      }
      ids.remove(filter);
    }
    replace(clientId, mine);
    replaceIdentifiers(clientId, ids);
  }

  /** Writer thread; {@code batch} deletes the stored ones, memory changes at once. */
  void clean(String clientId, WriteBatch batch) throws RocksDBException {
    byte[] prefix = Keys.clientPrefix(clientId);
    batch.deleteRange(store.subscriptions, prefix, Keys.prefixEnd(prefix));
  }

  /** Writer thread, after {@link #clean}'s batch is written. */
  void forget(String clientId) {
    identifiers.remove(clientId);
    expiries.remove(clientId);
    Map<String, Subscription> mine = byClient.remove(clientId);
    TopicTree<String, Subscription> byFilter = tree;
    if (mine != null && byFilter != null) {
      mine.keySet().forEach(filter -> byFilter.remove(filter, clientId));
    }
  }

  Map<String, Subscription> byClient(String clientId) {
    return byClient.getOrDefault(clientId, Map.of());
  }

  /** A snapshot: the inner maps are immutable already. */
  Map<String, Map<String, Subscription>> all() {
    return new HashMap<>(byClient);
  }

  /** Whether {@link #byTopic} can answer now, without {@link #buildTree} on the writer. */
  boolean hasTree() {
    return tree != null;
  }

  /** Writer thread: makes the tree from the subscriptions by client, once. */
  void buildTree() {
    if (tree != null) {
      return;
    }
    TopicTree<String, Subscription> byFilter = new TopicTree<>();
    byClient.forEach((clientId, mine) ->
        mine.values().forEach(sub -> byFilter.add(sub.topic(), clientId, sub)));
    tree = byFilter;
  }

  /** Without the tree: every subscription looked at (for a call that cannot wait for it). */
  Map<String, List<Subscription>> byTopicScanning(String topic) {
    Map<String, List<Subscription>> result = new HashMap<>();
    byClient.forEach((clientId, mine) -> mine.values().forEach(sub -> {
      if (TopicFilters.matches(sub.topic(), topic)) {
        result.computeIfAbsent(clientId, id -> new ArrayList<>()).add(sub);
      }
    }));
    return result;
  }

  /** Once {@link #buildTree} ran. */
  Map<String, List<Subscription>> byTopic(String topic) {
    Map<String, List<Subscription>> result = new HashMap<>();
    tree.match(topic,
        (clientId, sub) -> result.computeIfAbsent(clientId, id -> new ArrayList<>()).add(sub));
    return result;
  }

  List<String> clientList(String filter) {
    List<String> clients = new ArrayList<>();
    byClient.forEach((clientId, mine) -> {
      if (mine.containsKey(filter)) {
        clients.add(clientId);
      }
    });
    return clients;
  }

  private void replace(String clientId, Map<String, Subscription> mine) {
    if (mine.isEmpty()) {
      byClient.remove(clientId);
    } else {
      byClient.put(clientId, Collections.unmodifiableMap(mine));
    }
  }
}
