package dev.aedes;

import dev.aedes.packet.PublishPacket;
import dev.aedes.topic.TopicTree;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The shared subscription groups of this broker ([MQTT 5.0] 4.8.2): a group is a ShareName at a
 * topic filter, its members are the sessions subscribed to {@code $share/{shareName}/{filter}}.
 * Each message matching the filter goes to one member of each group, chosen by the
 * {@link SharedSubscriptionStrategy}. Matching takes no lock; joins and leaves are serialised.
 */
final class SharedSubscriptions {
  private final TopicTree<String, Group> groups = new TopicTree<>();
  private final SharedSubscriptionStrategy strategy;
  private final Object writeLock = new Object();

  SharedSubscriptions(SharedSubscriptionStrategy strategy) {
    this.strategy = strategy;
  }

  boolean fits(SharedFilter shared) {
    return groups.fits(shared.filter());
  }

  /** Adds or replaces {@code clientId}'s membership. */
  void add(SharedFilter shared, String clientId, Subscribed subscribed) {
    synchronized (writeLock) {
      Group group = groups.get(shared.filter(), shared.shareName());
      if (group == null) {
        group = new Group(shared);
        groups.add(shared.filter(), shared.shareName(), group);
      }
      group.put(clientId, subscribed);
    }
  }

  /** Removes {@code clientId} from the group; returns true if it was a member. */
  boolean remove(SharedFilter shared, String clientId) {
    synchronized (writeLock) {
      Group group = groups.get(shared.filter(), shared.shareName());
      if (group == null) {
        return false;
      }
      boolean removed = group.remove(clientId);
      if (group.members.isEmpty()) {
        groups.remove(shared.filter(), shared.shareName());
      }
      return removed;
    }
  }

  /** The group of this shared filter, or null when it has no member. */
  Group group(SharedFilter shared) {
    return groups.get(shared.filter(), shared.shareName());
  }

  /** Calls {@code visitor} once for each group whose filter matches {@code topic}. */
  void match(String topic, Consumer<Group> visitor) {
    groups.match(topic, (shareName, group) -> visitor.accept(group));
  }

  /** One group; its member list is replaced as a whole, so a reader sees a consistent one. */
  final class Group {
    final SharedFilter shared;
    private final AtomicLong sequence = new AtomicLong();
    private volatile Map<String, Subscribed> members = Map.of();

    Group(SharedFilter shared) {
      this.shared = shared;
    }

    private void put(String clientId, Subscribed subscribed) {
      Map<String, Subscribed> next = new LinkedHashMap<>(members);
      next.put(clientId, subscribed);
      members = next;
    }

    private boolean remove(String clientId) {
      if (!members.containsKey(clientId)) {
        return false;
      }
      Map<String, Subscribed> next = new LinkedHashMap<>(members);
      next.remove(clientId);
      members = next;
      return true;
    }

    /**
     * The member that gets {@code packet}: one of the connected members, or when none is
     * connected one of all (offline persistent sessions queue it); null for an empty group.
     */
    Map.Entry<String, Subscribed> choose(PublishPacket packet, Predicate<String> connected) {
      Map<String, Subscribed> all = members;
      List<String> candidates = new ArrayList<>(all.size());
      for (String clientId : all.keySet()) {
        if (connected.test(clientId)) {
          candidates.add(clientId);
        }
      }
      if (candidates.isEmpty()) {
        candidates.addAll(all.keySet());
      }
      if (candidates.isEmpty()) {
        return null;
      }
      long n = sequence.getAndIncrement();
      List<String> offered = List.copyOf(candidates);
      String chosen = strategy.choose(shared.shareName(), shared.filter(), offered, n, packet);
      if (chosen == null || !all.containsKey(chosen) || !offered.contains(chosen)) {
        chosen = offered.get((int) Math.floorMod(n, (long) offered.size()));
      }
      return Map.entry(chosen, all.get(chosen));
    }
  }
}
