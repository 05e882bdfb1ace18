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
        Node<K, V> parent = node;
        node = parent.children.computeIfAbsent(level, l -> new Node<>(parent, l));
        if (end == filter.length()) {
          break;
        }
        start = end + 1;
      }
      return node.values.put(key, value);
    }
  }

  /** Removes the value of {@code key} under {@code filter}; returns it or null. */
  public V remove(String filter, K key) {
    synchronized (writeLock) {
      Node<K, V> node = find(filter);
      if (node == null) {
        return null;
      }
      V removed = node.values.remove(key);
      while (node.parent != null && node.values.isEmpty() && node.children.isEmpty()) {
        node.parent.children.remove(node.level, node);
        node = node.parent;
      }
      return removed;
    }
  }

  /** The value of {@code key} under exactly {@code filter}, or null. */
  public V get(String filter, K key) {
    Node<K, V> node = find(filter);
    return node == null ? null : node.values.get(key);
  }

  /**
   * Calls {@code visitor} for every value whose filter matches {@code topic}; a key subscribed
   * through several filters is visited once per filter.
   */
  public void match(String topic, BiConsumer<? super K, ? super V> visitor) {
    if (root.children.isEmpty()) {
      return; // no shared subscriptions, usually: no level walk at all
    }
    boolean dollar = dollarRule && !topic.isEmpty() && topic.charAt(0) == '$';
    match(root, topic, 0, dollar, visitor);
  }

  /** True when no value is stored. */
  public boolean isEmpty() {
    return root.children.isEmpty();
  }

  private void match(Node<K, V> node, String topic, int start, boolean dollarFirst,
      BiConsumer<? super K, ? super V> visitor) {
    int end = levelEnd(topic, start);
    boolean wildcardsAllowed = !(dollarFirst && start == 0); // [MQTT-4.7.2-1]
    if (wildcardsAllowed) {
      Node<K, V> hash = node.children.get("#");
      if (hash != null) {
        visit(hash, visitor);
      }
    }
    boolean last = end == topic.length();
    Node<K, V> exact = node.children.get(topic.substring(start, end));
    if (exact != null) {
      descend(exact, topic, end, last, dollarFirst, visitor);
    }
    if (wildcardsAllowed) {
      Node<K, V> plus = node.children.get("+");
      if (plus != null) {
        descend(plus, topic, end, last, dollarFirst, visitor);
      }
    }
  }

  private void descend(Node<K, V> child, String topic, int end, boolean last, boolean dollarFirst,
      BiConsumer<? super K, ? super V> visitor) {
    if (last) {
      visit(child, visitor);
      Node<K, V> parentHash = child.children.get("#"); // "a/#" matches "a"
      if (parentHash != null) {
        visit(parentHash, visitor);
      }
    } else {
      match(child, topic, end + 1, dollarFirst, visitor);
    }
  }

  private void visit(Node<K, V> node, BiConsumer<? super K, ? super V> visitor) {
    for (Map.Entry<K, V> entry : node.values.entrySet()) {
      visitor.accept(entry.getKey(), entry.getValue());
    }
  }

  private Node<K, V> find(String filter) {
    Node<K, V> node = root;
    int start = 0;
    while (node != null) {
      int end = levelEnd(filter, start);
      node = node.children.get(filter.substring(start, end));
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

  private static final class Node<K, V> {
    final Node<K, V> parent;
    final String level;
    final ConcurrentHashMap<String, Node<K, V>> children = new ConcurrentHashMap<>(2);
    final ConcurrentHashMap<K, V> values = new ConcurrentHashMap<>(2);

    Node(Node<K, V> parent, String level) {
      this.parent = parent;
      this.level = level;
    }
  }
}
