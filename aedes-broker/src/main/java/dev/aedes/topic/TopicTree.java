package dev.aedes.topic;

import java.util.Map;
import java.util.Objects;
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
  private final TopicNode<K, V> root = new TopicNode<>(null, null);
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

  /** The depth limit of a tree for client subscriptions. */
  public static final int MAX_DEPTH = 128;

  /** True if the filter's levels fit under the depth limit. */
  public boolean fits(String filter) {
    return levels(filter) <= maxDepth;
  }

  /** True if the filter's levels fit under {@link #MAX_DEPTH}. */
  public static boolean fitsDefault(String filter) {
    return levels(filter) <= MAX_DEPTH;
  }

  /** A tree for client subscriptions: depth limit 128, '$' rule applied. */
  public TopicTree() {
    this(MAX_DEPTH, true);
  }

  /**
   * Stores {@code value} under {@code filter} and {@code key}, replacing the value the key had
   * there; returns the replaced value or null.
   */
  public V add(String filter, K key, V value) {
    // checked before any node is made, so a refused add leaves no empty branch behind
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    if (levels(filter) > maxDepth) {
      throw new IllegalArgumentException("topic filter deeper than " + maxDepth + " levels");
    }
    synchronized (writeLock) {
      TopicNode<K, V> node = root;
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
    Objects.requireNonNull(key, "key");
    synchronized (writeLock) {
      TopicNode<K, V> node = find(filter);
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
    Objects.requireNonNull(key, "key");
    TopicNode<K, V> node = find(filter);
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

  private void match(TopicNode<K, V> node, String topic, int start, boolean dollarFirst,
      BiConsumer<? super K, ? super V> visitor) {
    int end = levelEnd(topic, start);
    boolean wildcardsAllowed = !(dollarFirst && start == 0); // [MQTT-4.7.2-1]
    if (wildcardsAllowed) {
      TopicNode<K, V> hash = node.child("#");
      if (hash != null) {
        visit(hash, visitor);
      }
    }
    boolean last = end == topic.length();
    TopicNode<K, V> exact = node.child(topic, start, end);
    if (exact != null) {
      descend(exact, topic, end, last, dollarFirst, visitor);
    }
    if (wildcardsAllowed) {
      TopicNode<K, V> plus = node.child("+");
      if (plus != null) {
        descend(plus, topic, end, last, dollarFirst, visitor);
      }
    }
  }

  private void descend(TopicNode<K, V> child, String topic, int end, boolean last,
      boolean dollarFirst,
      BiConsumer<? super K, ? super V> visitor) {
    if (last) {
      visit(child, visitor);
      TopicNode<K, V> parentHash = child.child("#"); // "a/#" matches "a"
      if (parentHash != null) {
        visit(parentHash, visitor);
      }
    } else {
      match(child, topic, end + 1, dollarFirst, visitor);
    }
  }

  @SuppressWarnings("unchecked")
  private void visit(TopicNode<K, V> node, BiConsumer<? super K, ? super V> visitor) {
    Object values = node.values;
    if (values instanceof TopicNode.One<?, ?> one) {
      visitor.accept((K) one.key(), (V) one.value());
    } else if (values != null) {
      for (Map.Entry<K, V> entry : ((Map<K, V>) values).entrySet()) {
        visitor.accept(entry.getKey(), entry.getValue());
      }
    }
  }

  private TopicNode<K, V> find(String filter) {
    TopicNode<K, V> node = root;
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
}
