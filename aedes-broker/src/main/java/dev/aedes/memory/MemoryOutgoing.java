package dev.aedes.memory;

import dev.aedes.packet.PublishPacket;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The outgoing queues of {@link MemoryPersistence}, with the message ids of outgoing PUBRELs:
 * each client's queue is guarded by its own monitor, its released ids by the same one.
 */
final class MemoryOutgoing {
  private final Map<String, List<PublishPacket>> outgoing = new ConcurrentHashMap<>();
  /** Message ids of outgoing PUBRELs awaiting PUBCOMP, per client; guarded like its queue. */
  private final Map<String, Set<Integer>> released = new ConcurrentHashMap<>();
  /**
   * The earliest deadline (epoch seconds) of the unsent messages enqueued since the last sweep
   * and of those it left; {@link Long#MAX_VALUE}: none. A sweep scans only once it is due.
   */
  private final AtomicLong earliest = new AtomicLong(Long.MAX_VALUE);

  void enqueue(String clientId, PublishPacket packet) {
    List<PublishPacket> queue = outgoing.computeIfAbsent(clientId, id -> new ArrayList<>());
    synchronized (queue) {
      queue.add(packet);
    }
    Long deadline = packet.properties().messageExpiryInterval();
    if (deadline != null && packet.messageId() == 0) {
      earliest.accumulateAndGet(deadline, Math::min); // after the add: a sweep that misses it
    }
  }

  /**
   * See {@link dev.aedes.spi.Persistence#outgoingDropExpired}: scans every queue, only when the
   * earliest deadline of an unsent message is due.
   */
  int dropExpired(long nowMillis) {
    long first = earliest.getAndSet(Long.MAX_VALUE);
    if (first == Long.MAX_VALUE || first * 1000 > nowMillis) {
      earliest.accumulateAndGet(first, Math::min);
      return 0;
    }
    int dropped = 0;
    long left = Long.MAX_VALUE;
    for (List<PublishPacket> queue : outgoing.values()) {
      synchronized (queue) {
        for (Iterator<PublishPacket> it = queue.iterator(); it.hasNext(); ) {
          PublishPacket packet = it.next();
          Long deadline = packet.properties().messageExpiryInterval();
          if (deadline == null || packet.messageId() != 0) {
            continue;
          }
          if (deadline * 1000 <= nowMillis) {
            it.remove();
            dropped++;
          } else {
            left = Math.min(left, deadline);
          }
        }
      }
    }
    earliest.accumulateAndGet(left, Math::min); // with those enqueued meanwhile
    return dropped;
  }

  void update(String clientId, PublishPacket queued, PublishPacket sent) {
    List<PublishPacket> queue = outgoing.get(clientId);
    if (queue != null) {
      synchronized (queue) {
        for (int i = 0; i < queue.size(); i++) {
          if (queue.get(i) == queued) {
            queue.set(i, sent);
            break;
          }
        }
      }
    }
  }

  void release(String clientId, int messageId) {
    List<PublishPacket> queue = outgoing.computeIfAbsent(clientId, id -> new ArrayList<>());
    synchronized (queue) {
      queue.removeIf(p -> p.messageId() == messageId);
      released.computeIfAbsent(clientId, id -> new LinkedHashSet<>()).add(messageId);
    }
  }

  List<Integer> released(String clientId) {
    List<PublishPacket> queue = outgoing.get(clientId);
    if (queue == null) {
      return List.of();
    }
    synchronized (queue) {
      return List.copyOf(released.getOrDefault(clientId, Set.of()));
    }
  }

  /** Removes a PUBREL id (answering null) or else the queued message with that id. */
  PublishPacket clear(String clientId, int messageId) {
    List<PublishPacket> queue = outgoing.get(clientId);
    if (queue != null) {
      synchronized (queue) {
        Set<Integer> pubrels = released.get(clientId);
        if (pubrels != null && pubrels.remove(messageId)) {
          return null;
        }
        for (int i = 0; i < queue.size(); i++) {
          if (queue.get(i).messageId() == messageId) {
            return queue.remove(i);
          }
        }
      }
    }
    return null;
  }

  List<PublishPacket> stream(String clientId) {
    List<PublishPacket> queue = outgoing.get(clientId);
    if (queue == null) {
      return List.of();
    }
    synchronized (queue) {
      return List.copyOf(queue);
    }
  }

  void clean(String clientId) {
    outgoing.remove(clientId);
    released.remove(clientId);
  }

  void clear() {
    outgoing.clear();
    released.clear();
  }
}
