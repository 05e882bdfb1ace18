package dev.aedes.topic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class TopicTreeTest {
  private final TopicTree<String, Integer> tree = new TopicTree<>();

  /** "key=value" for every visit, in visit order. */
  private static List<String> matches(TopicTree<String, Integer> tree, String topic) {
    List<String> visits = new ArrayList<>();
    tree.match(topic, (key, value) -> visits.add(key + "=" + value));
    return visits;
  }

  @ParameterizedTest(name = "{0} matches {1}: {2}")
  @MethodSource("dev.aedes.topic.MatchCases#cases")
  void matchFollowsTheSpec(String filter, String topic, boolean expected) {
    tree.add(filter, "c", 1);
    assertThat(matches(tree, topic)).isEqualTo(expected ? List.of("c=1") : List.of());
  }

  @Test
  void newTreeIsEmptyAndMatchesNothing() {
    assertThat(tree.isEmpty()).isTrue();
    assertThat(matches(tree, "a")).isEmpty();
    assertThat(tree.get("a", "c")).isNull();
  }

  @Test
  void addReplacesTheValueOfTheSameKeyAndReturnsTheOldOne() {
    assertThat(tree.add("a/b", "c1", 0)).isNull();
    assertThat(tree.add("a/b", "c1", 2)).isEqualTo(0);

    assertThat(tree.get("a/b", "c1")).isEqualTo(2);
    assertThat(matches(tree, "a/b")).containsExactly("c1=2");
  }

  @Test
  void severalKeysUnderOneFilterAreAllVisited() {
    tree.add("a/+", "c1", 1);
    tree.add("a/+", "c2", 2);
    tree.add("a/b", "c3", 0);

    assertThat(matches(tree, "a/b")).containsExactlyInAnyOrder("c1=1", "c2=2", "c3=0");
    assertThat(matches(tree, "a/c")).containsExactlyInAnyOrder("c1=1", "c2=2");
  }

  @Test
  void aKeyIsVisitedOncePerMatchingFilter() {
    tree.add("a/b", "c1", 0);
    tree.add("a/+", "c1", 1);
    tree.add("a/#", "c1", 2);
    tree.add("#", "c1", 1);
    tree.add("+/+", "c1", 0);

    assertThat(matches(tree, "a/b")).hasSize(5);
    assertThat(matches(tree, "a")).containsExactlyInAnyOrder("c1=2", "c1=1");
  }

  @Test
  void removeReturnsTheValueAndLeavesOtherKeysAndFilters() {
    tree.add("a/b", "c1", 1);
    tree.add("a/b", "c2", 2);
    tree.add("a/b/c", "c1", 0);

    assertThat(tree.remove("a/b", "c1")).isEqualTo(1);

    assertThat(matches(tree, "a/b")).containsExactly("c2=2");
    assertThat(matches(tree, "a/b/c")).containsExactly("c1=0");
    assertThat(tree.get("a/b", "c1")).isNull();
  }

  @Test
  void removeOfUnknownFilterOrKeyReturnsNullAndChangesNothing() {
    tree.add("a/b", "c1", 1);

    assertThat(tree.remove("a/b", "c2")).isNull();
    assertThat(tree.remove("a", "c1")).isNull();
    assertThat(tree.remove("a/b/c", "c1")).isNull();
    assertThat(tree.remove("x/y/z", "c1")).isNull();

    assertThat(matches(tree, "a/b")).containsExactly("c1=1");
  }

  @Test
  void removingEverythingPrunesTheTreeToEmpty() {
    List<String> filters = List.of("a", "a/b", "a/b/c", "a/+/c", "a/#", "#", "+", "/", "//x");
    for (String filter : filters) {
      tree.add(filter, "c1", 1);
      tree.add(filter, "c2", 2);
    }
    for (String filter : filters) {
      tree.remove(filter, "c1");
    }
    assertThat(tree.isEmpty()).isFalse();
    assertThat(matches(tree, "a/b/c")).containsOnly("c2=2");

    for (int i = filters.size() - 1; i >= 0; i--) {
      tree.remove(filters.get(i), "c2");
    }
    assertThat(tree.isEmpty()).isTrue();
  }

  @Test
  void removingALeafKeepsItsParentsOtherBranches() {
    tree.add("a/b/c", "c1", 1);
    tree.add("a/x", "c1", 2);

    tree.remove("a/b/c", "c1");

    assertThat(matches(tree, "a/x")).containsExactly("c1=2");
    tree.add("a/b/c", "c1", 3); // the pruned branch can be built again
    assertThat(matches(tree, "a/b/c")).containsExactly("c1=3");
  }

  @Test
  void filtersUpToTheDepthLimitAreAccepted() {
    TopicTree<String, Integer> shallow = new TopicTree<>(3, true);
    shallow.add("a/b/c", "k", 1);
    shallow.add("a/+/#", "k", 2);

    assertThat(matches(shallow, "a/b/c")).containsExactlyInAnyOrder("k=1", "k=2");
  }

  @Test
  void filtersDeeperThanTheLimitAreRefusedAndLeaveNoTrace() {
    TopicTree<String, Integer> shallow = new TopicTree<>(3, true);

    assertThatThrownBy(() -> shallow.add("a/b/c/d", "k", 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("3");
    assertThat(shallow.isEmpty()).isTrue();
    assertThat(matches(shallow, "a/b/c/d")).isEmpty();
  }

  @Test
  void defaultDepthLimitIs128Levels() {
    String deepest = "x" + "/x".repeat(127);
    tree.add(deepest, "k", 1);
    assertThat(matches(tree, deepest)).containsExactly("k=1");
    assertThatThrownBy(() -> tree.add(deepest + "/x", "k", 1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  @DisplayName("[MQTT-4.7.2-1] client subscription trees keep '$' topics from leading wildcards")
  void dollarRuleAppliesOnlyWhenAsked() {
    TopicTree<String, Integer> bus = new TopicTree<>(128, false);
    for (TopicTree<String, Integer> t : List.of(tree, bus)) {
      t.add("#", "hash", 1);
      t.add("+/x", "plus", 1);
      t.add("$SYS/#", "sys", 1);
    }

    assertThat(matches(tree, "$SYS/x")).containsExactly("sys=1");
    assertThat(matches(bus, "$SYS/x")).containsExactlyInAnyOrder("hash=1", "plus=1", "sys=1");
  }

  @Test
  void aNullKeyOrValueIsRefusedAndLeavesNoBranch() {
    TopicTree<String, String> tree = new TopicTree<>();
    assertThatThrownBy(() -> tree.add("a/b", null, "v")).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> tree.add("a/b", "k", null)).isInstanceOf(NullPointerException.class);
    assertThat(tree.isEmpty()).isTrue();
    tree.add("a/b", "k", "v");
    assertThatThrownBy(() -> tree.get("a/b", null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> tree.remove("a/b", null)).isInstanceOf(NullPointerException.class);
    assertThat(tree.get("a/b", "k")).isEqualTo("v");
  }

  @Test
  void aNodeGoesFromOneValueToSeveralAndBackWithoutLosingAny() {
    TopicTree<String, String> tree = new TopicTree<>();
    tree.add("d/1", "k1", "v1");
    tree.add("d/2", "k1", "v2"); // the parent "d" now has two children
    tree.add("d/1", "k2", "v3"); // "d/1" now has two values
    assertThat(tree.remove("d/1", "k1")).isEqualTo("v1"); // back to one
    List<String> visited = new ArrayList<>();
    tree.match("d/1", (key, value) -> visited.add(key + "=" + value));
    assertThat(visited).containsExactly("k2=v3");
    assertThat(tree.remove("d/2", "k1")).isEqualTo("v2"); // "d" back to one child
    assertThat(tree.get("d/1", "k2")).isEqualTo("v3");
    assertThat(tree.remove("d/1", "k2")).isEqualTo("v3");
    assertThat(tree.isEmpty()).isTrue();
  }
}
