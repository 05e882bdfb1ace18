package dev.aedes.persistence.rocksdb;

import dev.aedes.packet.PublishPacket;
import dev.aedes.topic.TopicFilters;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;

/**
 * Retained messages by topic. A filter is answered by a point read when it has no wildcard,
 * else by a range read of the topics that start with its levels before the first wildcard.
 */
final class RetainedMessages {
  private final RocksStore store;

  RetainedMessages(RocksStore store) {
    this.store = store;
  }

  /** Writer thread. */
  void store(PublishPacket packet) throws RocksDBException {
    byte[] key = Keys.utf8(packet.topic());
    if (packet.payload().length == 0) {
      store.delete(store.retained, key); // [MQTT-3.3.1-10]
    } else {
      store.put(store.retained, key, PacketCodec.encode(packet));
    }
  }

  /** Any thread. */
  List<PublishPacket> matching(Collection<String> filters) throws RocksDBException {
    Map<String, PublishPacket> found = new LinkedHashMap<>();
    for (String filter : filters) {
      int wildcard = firstWildcard(filter);
      if (wildcard < 0) {
        byte[] value = store.db.get(store.retained, Keys.utf8(filter));
        if (value != null) {
          found.putIfAbsent(filter, PacketCodec.decode(value));
        }
        continue;
      }
      // "a/b/#" also matches "a/b": the prefix stops before the slash
      byte[] prefix = Keys.utf8(filter.substring(0, Math.max(0, wildcard - 1)));
      try (RocksIterator it = store.seek(store.retained, prefix)) {
        for (; it.isValid() && Keys.startsWith(it.key(), prefix); it.next()) {
          String topic = new String(it.key(), StandardCharsets.UTF_8);
          if (!found.containsKey(topic) && TopicFilters.matches(filter, topic)) {
            found.put(topic, PacketCodec.decode(it.value()));
          }
        }
      }
    }
    return new ArrayList<>(found.values());
  }

  /** The index of the first level that is a wildcard, or -1. */
  private static int firstWildcard(String filter) {
    int plus = filter.indexOf('+');
    int hash = filter.indexOf('#');
    if (plus < 0) {
      return hash;
    }
    return hash < 0 ? plus : Math.min(plus, hash);
  }
}
