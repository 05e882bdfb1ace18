package dev.aedes.topic;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * The tree and {@link TopicFilters#matches} are two implementations of one rule: over random
 * filters and topics from a small alphabet (so that they often meet) they must agree.
 */
class TopicTreePropertyTest {
  private static final List<String> LEVELS = List.of("a", "b", "ab", "", "$s");

  @Property(tries = 500)
  void treeMatchesExactlyTheFiltersThatMatch(@ForAll("filterSets") Set<String> filters,
      @ForAll("topics") String topic, @ForAll boolean dollarRule) {
    TopicTree<String, String> tree = new TopicTree<>(128, dollarRule);
    for (String filter : filters) {
      tree.add(filter, filter, filter);
    }
    List<String> visited = new ArrayList<>();
    tree.match(topic, (key, value) -> visited.add(key));

    List<String> expected = filters.stream()
        .filter(filter -> dollarRule
            ? TopicFilters.matches(filter, topic)
            : TopicFilters.matches(withoutDollar(filter), withoutDollar(topic)))
        .toList();
    assertThat(visited).containsExactlyInAnyOrderElementsOf(expected);
  }

  /** '$' spelled as a plain character, which takes the [MQTT-4.7.2-1] rule out of play. */
  private static String withoutDollar(String s) {
    return s.replace('$', 'D');
  }

  @Property(tries = 200)
  void removingEveryFilterEmptiesTheTree(@ForAll("filterSets") Set<String> filters) {
    TopicTree<String, String> tree = new TopicTree<>();
    filters.forEach(filter -> tree.add(filter, "k", filter));
    filters.forEach(filter -> assertThat(tree.remove(filter, "k")).isEqualTo(filter));
    assertThat(tree.isEmpty()).isTrue();
  }

  /**
   * Random adds and removes of a few keys on a few filters (a node goes from one value or child
   * to several and back): the tree answers as a plain map of the same operations.
   */
  @Property(tries = 300)
  void addsAndRemovesOfSeveralKeysAgreeWithAModel(
      @ForAll("operations") List<Tuple.Tuple3<Boolean, String, String>> operations,
      @ForAll("topics") String topic) {
    TopicTree<String, String> tree = new TopicTree<>();
    Map<String, Map<String, String>> model = new HashMap<>();
    int n = 0;
    for (Tuple.Tuple3<Boolean, String, String> op : operations) {
      String filter = op.get2();
      String key = op.get3();
      Map<String, String> keys = model.computeIfAbsent(filter, f -> new HashMap<>());
      if (op.get1()) {
        String value = key + (n++);
        assertThat(tree.add(filter, key, value)).isEqualTo(keys.put(key, value));
      } else {
        assertThat(tree.remove(filter, key)).isEqualTo(keys.remove(key));
      }
      assertThat(tree.get(filter, key)).isEqualTo(keys.get(key));
    }
    List<String> visited = new ArrayList<>();
    tree.match(topic, (key, value) -> visited.add(value));
    List<String> expected = new ArrayList<>();
    model.forEach((filter, keys) -> {
      if (TopicFilters.matches(filter, topic)) {
        expected.addAll(keys.values());
      }
    });
    assertThat(visited).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(tree.isEmpty()).isEqualTo(model.values().stream().allMatch(Map::isEmpty));
  }

  @Provide
  Arbitrary<List<Tuple.Tuple3<Boolean, String, String>>> operations() {
    return Combinators.combine(Arbitraries.of(true, true, false),
            filters(), Arbitraries.of("k1", "k2", "k3"))
        .as(Tuple::of).list().ofMaxSize(40);
  }

  @Property(tries = 300)
  void generatedFiltersAndTopicsAreValid(@ForAll("filters") String filter,
      @ForAll("topics") String topic) {
    assertThat(TopicFilters.isValidFilter(filter)).isTrue();
    assertThat(TopicFilters.isValidTopic(topic)).isTrue();
  }

  @Provide
  Arbitrary<String> topics() {
    return Arbitraries.of(LEVELS).list().ofMinSize(1).ofMaxSize(4)
        .map(levels -> String.join("/", levels))
        .filter(topic -> !topic.isEmpty());
  }

  @Provide
  Arbitrary<String> filters() {
    Arbitrary<List<String>> levels = Arbitraries.of("a", "b", "", "$s", "+").list()
        .ofMinSize(0).ofMaxSize(4);
    return Combinators.combine(levels, Arbitraries.of(true, false)).as((list, hash) -> {
      List<String> all = new ArrayList<>(list);
      if (hash || all.isEmpty()) {
        all.add("#");
      }
      return String.join("/", all);
    }).filter(filter -> !filter.isEmpty());
  }

  @Provide
  Arbitrary<Set<String>> filterSets() {
    return filters().set().ofMinSize(1).ofMaxSize(12);
  }
}
