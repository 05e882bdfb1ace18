package dev.aedes.topic;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class TopicFiltersTest {

  @ParameterizedTest(name = "{0} matches {1}: {2}")
  @MethodSource("dev.aedes.topic.MatchCases#cases")
  void matchesFollowsTheSpec(String filter, String topic, boolean expected) {
    assertThat(TopicFilters.matches(filter, topic)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"#", "+", "sport/#", "sport/tennis/#", "sport/+/player1", "+/+", "/",
      "//", "/finance", "+/tennis/#", "$SYS/#", "$SYS/+", "a b", "$share/group/a/#", "ümlaut"})
  void validFilters(String filter) {
    assertThat(TopicFilters.isValidFilter(filter)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"sport/tennis#", "sport/tennis/#/ranking", "#/", "a/#/b", "##", "a#",
      "sport+", "sport/+x", "+x/a", "++", "+#", "a/b+/c"})
  @DisplayName("[MQTT-4.7.1-1] [MQTT-4.7.1-2] [MQTT-4.7.1-3] wildcards only as whole levels")
  void wildcardsInsideALevelOrBeforeTheEndAreInvalid(String filter) {
    assertThat(TopicFilters.isValidFilter(filter)).isFalse();
  }

  @Test
  @DisplayName("[MQTT-4.7.3-1] [MQTT-4.7.3-2] empty filters and filters with U+0000 are invalid")
  void emptyFilterAndNullCharacterAreInvalid() {
    assertThat(TopicFilters.isValidFilter("")).isFalse();
    assertThat(TopicFilters.isValidFilter("a\u0000b")).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"a", "/", "a/b", "/finance", "a//b", "$SYS/x", " ", "a b/ü"})
  void validTopics(String topic) {
    assertThat(TopicFilters.isValidTopic(topic)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "+", "#", "a/+", "a/#", "a/b+", "a#", "a\u0000"})
  @DisplayName("[MQTT-3.3.2-2] [MQTT-4.7.3-1] topic names are non-empty, without wildcards")
  void invalidTopics(String topic) {
    assertThat(TopicFilters.isValidTopic(topic)).isFalse();
  }

  @Test
  void sharedSubscriptionsAreRecognisedByTheirPrefix() {
    assertThat(TopicFilters.isShared("$share/group/a/b")).isTrue();
    assertThat(TopicFilters.isShared("$share")).isFalse();
    assertThat(TopicFilters.isShared("share/group/a")).isFalse();
    assertThat(TopicFilters.isShared("$SYS/share")).isFalse();
  }
}
