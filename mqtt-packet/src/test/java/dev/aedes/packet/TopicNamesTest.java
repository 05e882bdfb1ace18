package dev.aedes.packet;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TopicNamesTest {
  @ParameterizedTest
  @CsvSource({
      "a/b/c, -1",
      "'', -1",
      "$SYS/x, -1",
      "+, 0",
      "a/+/c, 2",
      "a/b/#, 4",
      "a#b+c, 1",
      "sport/tennis+, 12"})
  void findsTheFirstWildcard(String topic, int index) {
    assertThat(TopicNames.wildcardIndex(topic)).isEqualTo(index);
  }
}
