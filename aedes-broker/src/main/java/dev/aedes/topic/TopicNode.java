package dev.aedes.topic;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One level of the trie. Most nodes have one child or one value (a device's own topic), so
 * each holds its children and its values as nothing, the one, or a concurrent map from the
 * second on: a node with one child and no value takes 32 bytes, not two maps. Readers read the
 * volatile fields without a lock and see one consistent state; changes are made under the
 * tree's write lock, replacing a field's content whole (one to a map, a map of one back to
 * the one).
 */
final class TopicNode<K, V> {
  /** A node's only value. */
  record One<K, V>(K key, V value) {
  }

  final TopicNode<K, V> parent;
  final String level;
  /** null, the only child, or a ConcurrentHashMap of them by level. */
  volatile Object children;
  /** null, the only value ({@link One}), or a ConcurrentHashMap of them by key. */
  volatile Object values;

  TopicNode(TopicNode<K, V> parent, String level) {
    this.parent = parent;
    this.level = level;
  }

  TopicNode<K, V> child(String name) {
    return child(name, 0, name.length());
  }

  /** The child named by {@code text} from {@code start} to {@code end}, or null. */
  @SuppressWarnings("unchecked")
  TopicNode<K, V> child(String text, int start, int end) {
    Object c = children;
    if (c == null) {
      return null;
    }
    if (c instanceof TopicNode<?, ?> only) {
      String name = only.level;
      return name.length() == end - start && text.startsWith(name, start)
          ? (TopicNode<K, V>) only : null;
    }
    return ((Map<String, TopicNode<K, V>>) c).get(text.substring(start, end));
  }

  /** Under the write lock: the child named {@code name}, made if missing. */
  @SuppressWarnings("unchecked")
  TopicNode<K, V> addChild(String name) {
    TopicNode<K, V> existing = child(name);
    if (existing != null) {
      return existing;
    }
    TopicNode<K, V> created = new TopicNode<>(this, name);
    Object c = children;
    if (c == null) {
      children = created;
    } else if (c instanceof TopicNode<?, ?> only) {
      Map<String, TopicNode<K, V>> map = new ConcurrentHashMap<>(4);
      map.put(only.level, (TopicNode<K, V>) only);
      map.put(name, created);
      children = map;
    } else {
      ((Map<String, TopicNode<K, V>>) c).put(name, created);
    }
    return created;
  }

  /** Under the write lock. */
  @SuppressWarnings("unchecked")
  void removeChild(TopicNode<K, V> child) {
    Object c = children;
    if (c == child) {
      children = null;
    } else if (c instanceof Map<?, ?> any) {
      Map<String, TopicNode<K, V>> map = (Map<String, TopicNode<K, V>>) any;
      map.remove(child.level, child);
      if (map.size() <= 1) {
        children = map.isEmpty() ? null : map.values().iterator().next();
      }
    }
  }

  @SuppressWarnings("unchecked")
  V get(K key) {
    Object v = values;
    if (v instanceof One<?, ?> one) {
      return one.key().equals(key) ? (V) one.value() : null;
    }
    return v == null ? null : ((Map<K, V>) v).get(key);
  }

  /** Under the write lock; returns the value replaced, or null. */
  @SuppressWarnings("unchecked")
  V put(K key, V value) {
    Object v = values;
    if (v == null) {
      values = new One<>(key, value);
      return null;
    }
    if (v instanceof One<?, ?> one) {
      if (one.key().equals(key)) {
        values = new One<>(key, value);
        return (V) one.value();
      }
      Map<K, V> map = new ConcurrentHashMap<>(4);
      map.put((K) one.key(), (V) one.value());
      map.put(key, value);
      values = map;
      return null;
    }
    return ((Map<K, V>) v).put(key, value);
  }

  /** Under the write lock; returns the value removed, or null. */
  @SuppressWarnings("unchecked")
  V remove(K key) {
    Object v = values;
    if (v instanceof One<?, ?> one) {
      if (!one.key().equals(key)) {
        return null;
      }
      values = null;
      return (V) one.value();
    }
    if (v == null) {
      return null;
    }
    Map<K, V> map = (Map<K, V>) v;
    V removed = map.remove(key);
    if (map.size() <= 1) {
      if (map.isEmpty()) {
        values = null;
      } else {
        Map.Entry<K, V> last = map.entrySet().iterator().next();
        values = new One<>(last.getKey(), last.getValue());
      }
    }
    return removed;
  }
}
