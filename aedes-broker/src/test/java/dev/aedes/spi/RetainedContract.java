package dev.aedes.spi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aedes.packet.Properties;
import dev.aedes.packet.PublishPacket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Retained messages: store, replace, delete by empty payload, match by filters. */
public interface RetainedContract extends PersistenceFixture {

  private List<String> retainedTopics(String... filters) {
    return topics(await(persistence().retainedMatching(List.of(filters))));
  }

  @Test
  default void storedRetainedMessageIsReturnedWithAllItsFields() {
    PublishPacket packet = new PublishPacket(false, 2, true, "a/b", 0,
        "hello".getBytes(StandardCharsets.UTF_8),
        Properties.builder().contentType("text/plain").build());
    await(persistence().storeRetained(packet));

    assertThat(await(persistence().retainedMatching(List.of("a/b")))).containsExactly(packet);
  }

  @Test
  @DisplayName("[MQTT-3.3.1-5] a new retained message replaces the topic's previous one")
  default void storingAgainReplacesThePreviousMessage() {
    await(persistence().storeRetained(retained("a/b", "old")));
    await(persistence().storeRetained(retained("a/b", "new")));

    assertThat(await(persistence().retainedMatching(List.of("a/b"))))
        .containsExactly(retained("a/b", "new"));
  }

  @Test
  @DisplayName("[MQTT-3.3.1-10] an empty retained payload deletes the topic's message")
  default void emptyPayloadDeletesTheRetainedMessage() {
    await(persistence().storeRetained(retained("a/b", "x")));
    await(persistence().storeRetained(retained("a/c", "y")));
    await(persistence().storeRetained(retained("a/b", "")));

    assertThat(retainedTopics("#")).containsExactly("a/c");
  }

  @Test
  default void emptyPayloadForATopicWithoutRetainedMessageChangesNothing() {
    await(persistence().storeRetained(retained("a/b", "x")));
    await(persistence().storeRetained(retained("never/stored", "")));

    assertThat(retainedTopics("#")).containsExactly("a/b");
  }

  @Test
  default void nothingMatchesInAnEmptyStoreOrWithoutFilters() {
    assertThat(retainedTopics("#")).isEmpty();
    await(persistence().storeRetained(retained("a", "x")));
    assertThat(await(persistence().retainedMatching(List.of()))).isEmpty();
  }

  @Test
  default void exactFilterMatchesOnlyItsTopic() {
    for (String topic : List.of("a", "a/b", "a/b/c", "a/bc", "A/b", "a/b/")) {
      await(persistence().storeRetained(retained(topic, topic)));
    }
    assertThat(retainedTopics("a/b")).containsExactly("a/b");
    assertThat(retainedTopics("a/b/")).containsExactly("a/b/");
  }

  @Test
  @DisplayName("[MQTT-4.7.1-3] '+' matches exactly one level, also an empty one")
  default void plusMatchesOneLevel() {
    for (String topic : List.of("a", "a/b", "a/c", "a/b/c", "b/b", "a/")) {
      await(persistence().storeRetained(retained(topic, topic)));
    }
    assertThat(retainedTopics("a/+")).containsExactlyInAnyOrder("a/b", "a/c", "a/");
    assertThat(retainedTopics("+/b")).containsExactlyInAnyOrder("a/b", "b/b");
    assertThat(retainedTopics("+/+/+")).containsExactly("a/b/c");
  }

  @Test
  @DisplayName("[MQTT-4.7.1-2] '#' matches the parent level and every level below")
  default void hashMatchesTheParentAndEverythingBelow() {
    for (String topic : List.of("sport", "sport/tennis", "sport/tennis/player1", "sports", "x")) {
      await(persistence().storeRetained(retained(topic, topic)));
    }
    assertThat(retainedTopics("sport/#"))
        .containsExactlyInAnyOrder("sport", "sport/tennis", "sport/tennis/player1");
    assertThat(retainedTopics("#")).hasSize(5);
  }

  @Test
  default void severalFiltersReturnTheUnionWithoutDuplicates() {
    for (String topic : List.of("a/1", "a/2", "b/1", "c/1")) {
      await(persistence().storeRetained(retained(topic, topic)));
    }
    assertThat(retainedTopics("a/1", "a/+", "+/1", "#"))
        .containsExactlyInAnyOrder("a/1", "a/2", "b/1", "c/1");
    assertThat(retainedTopics("a/2", "b/1")).containsExactlyInAnyOrder("a/2", "b/1");
  }

  @Test
  @DisplayName("[MQTT-4.7.2-1] filters starting with a wildcard do not match '$' topics")
  default void leadingWildcardsDoNotMatchDollarTopics() {
    await(persistence().storeRetained(retained("$SYS/x", "sys")));
    await(persistence().storeRetained(retained("$SYS/broker/uptime", "up")));
    await(persistence().storeRetained(retained("plain", "p")));

    assertThat(retainedTopics("#")).containsExactly("plain");
    assertThat(retainedTopics("+/x", "+/broker/+")).isEmpty();
    assertThat(retainedTopics("$SYS/#"))
        .containsExactlyInAnyOrder("$SYS/x", "$SYS/broker/uptime");
    assertThat(retainedTopics("$SYS/+")).containsExactly("$SYS/x");
  }

  @Test
  default void retainedCountIsExactOrUnknown() {
    await(persistence().storeRetained(retained("a/1", "x")));
    await(persistence().storeRetained(retained("a/2", "x")));
    await(persistence().storeRetained(retained("a/2", "replaced")));
    await(persistence().storeRetained(retained("a/1", "")));

    assertThat(persistence().retainedCount()).isIn(-1L, 1L);
  }
}
