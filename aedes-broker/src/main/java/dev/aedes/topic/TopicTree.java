package dev.aedes.topic;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

/**
 * A trie of topic filters, one level per node, each node holding values by key (for the broker:
 * subscriptions by client id). Matching a topic walks only the branches that can match, takes
 * no lock and sees a consistent node per level; adds and removes are serialised among
 * themselves, which lets a remove prune empty branches safely.
 *
 * @param <K> what identifies a value at one filter (a client id, a listener)
 * @param <V> the stored value
 */
public final class TopicTree<K, V> {
  private final Node<K, V> root = new Node<>(null, null);
  private final int maxDepth;
  private final boolean dollarRule;
  private final Object writeLock = new Object();

  /**
   * @param maxDepth filters deeper than this many levels are refused
   * @param dollarRule whether topics starting with '$' escape leading wildcards
   *     ([MQTT-4.7.2-1]); true for client subscriptions
   */
  public TopicTree(int maxDepth, boolean dollarRule) {
    this.maxDepth = maxDepth;
    this.dollarRule = dollarRule;
  }

  /** True if the filter's levels fit under the depth limit. */
  public boolean fits(String filter) {
    return levels(filter) <= maxDepth;
  }

  /** A tree for client subscriptions: depth limit 128, '$' rule applied. */
  public TopicTree() {
    this(128, true);
  }

  /**
   * Stores {@code value} under {@code filter} and {@code key}, replacing the value the key had
   * there; returns the replaced value or null.
   */
  public V add(String filter, K key, V value) {
    // checked before any node is made, so a refused filter leaves no empty branch behind
    if (levels(filter) > maxDepth) {
      throw new IllegalArgumentException("topic filter deeper than " + maxDepth + " levels");
    }
    synchronized (writeLock) {
      Node<K, V> node = root;
      int start = 0;
      while (true) {
        int end = levelEnd(filter, start);
        String level = filter.substring(start, end);
        node = node.addChild(level);
        if (end == filter.length()) {
          break;
        }
        start = end + 1;
      }
      return node.put(key, value);
    }
  }

  /** Removes the value of {@code key} under {@code filter}; returns it or null. */
  public V remove(String filter, K key) {
    synchronized (writeLock) {
      Node<K, V> node = find(filter);
      if (node == null) {
        return null;
      }
      V removed = node.remove(key);
      while (node.parent != null && node.values == null && node.children == null) {
        node.parent.removeChild(node);
        node = node.parent;
      }
      return removed;
    }
  }

  /** The value of {@code key} under exactly {@code filter}, or null. */
  public V get(String filter, K key) {
    Node<K, V> node = find(filter);
    return node == null ? null : node.get(key);
  }

  /**
   * Calls {@code visitor} for every value whose filter matches {@code topic}; a key subscribed
   * through several filters is visited once per filter.
   */
  public void match(String topic, BiConsumer<? super K, ? super V> visitor) {
    if (root.children == null) {
      return; // no shared subscriptions, usually: no level walk at all
    }
    boolean dollar = dollarRule && !topic.isEmpty() && topic.charAt(0) == '$';
    match(root, topic, 0, dollar, visitor);
  }

  /** True when no value is stored. */
  public boolean isEmpty() {
    return root.children == null;
  }

  private void match(Node<K, V> node, String topic, int start, boolean dollarFirst,
      BiConsumer<? super K, ? super V> visitor) {
    int end = levelEnd(topic, start);
    boolean wildcardsAllowed = !(dollarFirst && start == 0); // [MQTT-4.7.2-1]
    if (wildcardsAllowed) {
      Node<K, V> hash = node.child("#");
      if (hash != null) {
        visit(hash, visitor);
      }
    }
    boolean last = end == topic.length();
    Node<K, V> exact = node.child(topic, start, end);
    if (exact != null) {
      descend(exact, topic, end, last, dollarFirst, visitor);
    }
    if (wildcardsAllowed) {
      Node<K, V> plus = node.child("+");
      if (plus != null) {
        descend(plus, topic, end, last, dollarFirst, visitor);
      }
    }
  }

  private void descend(Node<K, V> child, String topic, int end, boolean last, boolean dollarFirst,
      BiConsumer<? super K, ? super V> visitor) {
    if (last) {
      visit(child, visitor);
      Node<K, V> parentHash = child.child("#"); // "a/#" matches "a"
      if (parentHash != null) {
        visit(parentHash, visitor);
      }
    } else {
      match(child, topic, end + 1, dollarFirst, visitor);
    }
  }

  @SuppressWarnings("unchecked")
  private void visit(Node<K, V> node, BiConsumer<? super K, ? super V> visitor) {
    Object values = node.values;
    if (values instanceof One<?, ?> one) {
      visitor.accept((K) one.key(), (V) one.value());
    } else if (values != null) {
      for (Map.Entry<K, V> entry : ((Map<K, V>) values).entrySet()) {
        visitor.accept(entry.getKey(), entry.getValue());
      }
    }
  }

  private Node<K, V> find(String filter) {
    Node<K, V> node = root;
    int start = 0;
    while (node != null) {
      int end = levelEnd(filter, start);
      node = node.child(filter, start, end);
      if (end == filter.length()) {
        return node;
      }
      start = end + 1;
    }
    return null;
  }

  private static int levels(String filter) {
    int levels = 1;
    for (int i = filter.indexOf('/'); i >= 0; i = filter.indexOf('/', i + 1)) {
      levels++;
    }
    return levels;
  }

  private static int levelEnd(String s, int from) {
    int slash = s.indexOf('/', from);
    return slash < 0 ? s.length() : slash;
  }

  /** A node's only value. */
  private record One<K, V>(K key, V value) {
  }

  /**
   * One level of the trie. Most nodes have one child or one value (a device's own topic), so
   * each holds its children and its values as nothing, the one, or a concurrent map from the
   * second on: a node with one child and no value takes 32 bytes, not two maps. Readers read the
   * volatile fields without a lock and see one consistent state; changes are made under the
   * tree's write lock, replacing a field's content whole (one to a map, a map of one back to
   * the one).
   */
  private static final class Node<K, V> {
    final Node<K, V> parent;
    final String level;
    /** null, the only child, or a ConcurrentHashMap of them by level. */
    volatile Object children;
    /** null, the only value ({@link One}), or a ConcurrentHashMap of them by key. */
    volatile Object values;

    Node(Node<K, V> parent, String level) {
      this.parent = parent;
      this.level = level;
    }

    Node<K, V> child(String name) {
      return child(name, 0, name.length());
    }

    /** The child named by {@code text} from {@code start} to {@code end}, or null. */
    @SuppressWarnings("unchecked")
    Node<K, V> child(String text, int start, int end) {
      Object c = children;
      if (c == null) {
        return null;
      }
      if (c instanceof Node<?, ?> only) {
        String name = only.level;
        return name.length() == end - start && text.startsWith(name, start)
            ? (Node<K, V>) only : null;
      }
      return ((Map<String, Node<K, V>>) c).get(text.substring(start, end));
    }

    /** Under the write lock: the child named {@code name}, made if missing. */
    @SuppressWarnings("unchecked")
    Node<K, V> addChild(String name) {
      Node<K, V> existing = child(name);
      if (existing != null) {
        return existing;
      }
      Node<K, V> created = new Node<>(this, name);
      Object c = children;
      if (c == null) {
        children = created;
      } else if (c instanceof Node<?, ?> only) {
        Map<String, Node<K, V>> map = new ConcurrentHashMap<>(4);
        map.put(only.level, (Node<K, V>) only);
        map.put(name, created);
        children = map;
      } else {
        ((Map<String, Node<K, V>>) c).put(name, created);
      }
      return created;
    }

    /** Under the write lock. */
    @SuppressWarnings("unchecked")
    void removeChild(Node<K, V> child) {
      Object c = children;
      if (c == child) {
        children = null;
      } else if (c instanceof Map<?, ?> any) {
        Map<String, Node<K, V>> map = (Map<String, Node<K, V>>) any;
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
        values = map.isEmpty() ? null
            : map.entrySet().stream().findFirst().map(e -> new One<>(e.getKey(), e.getValue()))
                .orElse(null);
      }
      return removed;
    }
  }
}
