package dev.aedes.topic;

import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * Filter and topic pairs with the spec's verdict, shared by {@link TopicFiltersTest} and
 * {@link TopicTreeTest} so that both matchers are held to the same rules.
 */
final class MatchCases {
  private MatchCases() {
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        // exact filters: every level equal, case-sensitive ([MQTT-4.7.3-4] no normalisation)
        Arguments.of("a/b", "a/b", true),
        Arguments.of("a/b", "a/b/c", false),
        Arguments.of("a/b/c", "a/b", false),
        Arguments.of("ACCOUNTS", "Accounts", false),
        Arguments.of("a/b", "a/b/", false),
        Arguments.of("/a", "a", false),
        Arguments.of("a b/c", "a b/c", true),
        // [MQTT-4.7.1-2] '#' matches the parent level and any number of child levels
        Arguments.of("sport/tennis/player1/#", "sport/tennis/player1", true),
        Arguments.of("sport/tennis/player1/#", "sport/tennis/player1/ranking", true),
        Arguments.of("sport/tennis/player1/#", "sport/tennis/player1/score/wimbledon", true),
        Arguments.of("sport/#", "sport", true),
        Arguments.of("sport/#", "sports", false),
        Arguments.of("sport/#", "sport/", true),
        Arguments.of("#", "a/b/c", true),
        Arguments.of("#", "/", true),
        // [MQTT-4.7.1-3] '+' matches exactly one level, an empty one too
        Arguments.of("sport/tennis/+", "sport/tennis/player1", true),
        Arguments.of("sport/tennis/+", "sport/tennis/player1/ranking", false),
        Arguments.of("sport/+", "sport", false),
        Arguments.of("sport/+", "sport/", true),
        Arguments.of("+", "a", true),
        Arguments.of("+", "/finance", false),
        Arguments.of("+/+", "/finance", true),
        Arguments.of("/+", "/finance", true),
        Arguments.of("+/+", "a", false),
        Arguments.of("+/+/+", "a//b", true),
        Arguments.of("+/tennis/#", "sport/tennis/player1", true),
        Arguments.of("+/tennis/#", "sport/tennis", true),
        Arguments.of("a/+/#", "a/b", true),
        Arguments.of("a/+/#", "a", false),
        // [MQTT-4.7.2-1] a leading wildcard does not match a topic starting with '$'
        Arguments.of("#", "$SYS", false),
        Arguments.of("#", "$SYS/x", false),
        Arguments.of("+/monitor/Clients", "$SYS/monitor/Clients", false),
        Arguments.of("+", "$", false),
        Arguments.of("$SYS/#", "$SYS/monitor/Clients", true),
        Arguments.of("$SYS/#", "$SYS", true),
        Arguments.of("$SYS/monitor/+", "$SYS/monitor/Clients", true),
        Arguments.of("$SYS/+/Clients", "$SYS/monitor/Clients", true),
        // '$' later in the topic is an ordinary character
        Arguments.of("+/$x", "a/$x", true),
        Arguments.of("a/#", "a/$x", true),
        Arguments.of("a/+", "a/$x", true));
  }
}
