package dev.aedes.memory;

import dev.aedes.packet.PublishPacket;
import dev.aedes.spi.StoredWill;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The wills of {@link MemoryPersistence}: one map entry per client holds the will with its
 * broker id and due time, so each call is atomic on its client's key (a conditional delete
 * never removes a will stored since).
 */
final class MemoryWills {
  private final Map<String, StoredWill> wills = new ConcurrentHashMap<>();

  void put(String clientId, String brokerId, PublishPacket will) {
    wills.put(clientId, new StoredWill(brokerId, will, null)); // a new will has no due time
  }

  void putDue(String clientId, long dueAt) {
    wills.computeIfPresent(clientId,
        (id, stored) -> new StoredWill(stored.brokerId(), stored.will(), dueAt));
  }

  Map<String, Long> dues() {
    Map<String, Long> dues = new HashMap<>();
    wills.forEach((clientId, stored) -> {
      if (stored.dueAt() != null) {
        dues.put(clientId, stored.dueAt());
      }
    });
    return dues;
  }

  PublishPacket get(String clientId) {
    StoredWill stored = wills.get(clientId);
    return stored == null ? null : stored.will();
  }

  PublishPacket delete(String clientId) {
    StoredWill stored = wills.remove(clientId);
    return stored == null ? null : stored.will();
  }

  PublishPacket deleteIfDue(String clientId, long dueAt) {
    PublishPacket[] deleted = new PublishPacket[1];
    wills.computeIfPresent(clientId, (id, stored) -> {
      if (stored.dueAt() == null || stored.dueAt() != dueAt) {
        return stored; // another will, stored since
      }
      deleted[0] = stored.will();
      return null;
    });
    return deleted[0];
  }

  PublishPacket deleteIfStored(String clientId, String brokerId, Long dueAt) {
    PublishPacket[] deleted = new PublishPacket[1];
    wills.computeIfPresent(clientId, (id, stored) -> {
      if (!Objects.equals(stored.brokerId(), brokerId) || !Objects.equals(stored.dueAt(), dueAt)) {
        return stored; // another will, stored since
      }
      deleted[0] = stored.will();
      return null;
    });
    return deleted[0];
  }

  /** The wills stored by a broker not in {@code liveBrokers}. */
  Map<String, PublishPacket> notOf(Collection<String> liveBrokers) {
    Map<String, PublishPacket> result = new HashMap<>();
    wills.forEach((clientId, stored) -> {
      if (!liveBrokers.contains(stored.brokerId())) {
        result.put(clientId, stored.will());
      }
    });
    return result;
  }

  /** As {@link #notOf}, each will with its broker id and due time. */
  Map<String, StoredWill> storedNotOf(Collection<String> liveBrokers) {
    Map<String, StoredWill> result = new HashMap<>();
    wills.forEach((clientId, stored) -> {
      if (!liveBrokers.contains(stored.brokerId())) {
        result.put(clientId, stored);
      }
    });
    return result;
  }

  void clear() {
    wills.clear();
  }
}
