package dev.aedes.spi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aedes.packet.PubrelPacket;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What a persistent session keeps besides its subscriptions and queue, so that it survives a
 * restart: outgoing QoS 2 messages turned into PUBRELs, Subscription Identifiers and the
 * Session Expiry Interval.
 */
public interface SessionStateContract extends PersistenceFixture {

  @Test
  default void pubrelReplacesTheSentPublishAndIsListedAsReleased() {
    await(persistence().outgoingEnqueue("c1", withId("a", 2, 1)));
    await(persistence().outgoingEnqueue("c1", withId("b", 2, 2)));
    await(persistence().outgoingEnqueue("c1", queued("c", "3")));

    await(persistence().outgoingUpdate("c1", new PubrelPacket(1)));

    // [MQTT-4.3.3-5]: after PUBREC the PUBLISH is never sent again, only the PUBREL
    assertThat(topics(await(persistence().outgoingStream("c1")))).containsExactly("b", "c");
    assertThat(await(persistence().outgoingReleased("c1"))).containsExactly(1);
    assertThat(await(persistence().outgoingReleased("c2"))).isEmpty();
  }

  @Test
  default void clearMessageIdRemovesAPubrel() {
    await(persistence().outgoingEnqueue("c1", withId("a", 2, 1)));
    await(persistence().outgoingEnqueue("c1", withId("b", 2, 2)));
    await(persistence().outgoingUpdate("c1", new PubrelPacket(1)));
    await(persistence().outgoingUpdate("c1", new PubrelPacket(2)));

    assertThat(await(persistence().outgoingClearMessageId("c1", 1))).isNull();

    assertThat(await(persistence().outgoingReleased("c1"))).containsExactly(2);
    assertThat(await(persistence().outgoingStream("c1"))).isEmpty();
  }

  @Test
  default void cleanSubscriptionsDropsPubrels() {
    await(persistence().outgoingEnqueue("c1", withId("a", 2, 1)));
    await(persistence().outgoingUpdate("c1", new PubrelPacket(1)));

    await(persistence().cleanSubscriptions("c1"));

    assertThat(await(persistence().outgoingReleased("c1"))).isEmpty();
  }

  @Test
  default void cleanSubscriptionsDropsIncomingQos2Messages() {
    await(persistence().incomingStorePacket("c1", withId("in", 2, 4)));
    await(persistence().incomingStorePacket("c2", withId("in", 2, 4)));

    await(persistence().cleanSubscriptions("c1")); // [MQTT-3.1.2-6]: session state is gone

    assertThat(await(persistence().incomingGetPacket("c1", 4))).isNull();
    assertThat(await(persistence().incomingGetPacket("c2", 4))).isNotNull();
  }

  @Test
  default void subscriptionIdentifiersAreStoredPerFilter() {
    await(persistence().addSubscriptions("c1", List.of(sub("a/#", 1), sub("b", 0)), 7));
    await(persistence().addSubscriptions("c1", List.of(sub("c", 1)), 0));
    await(persistence().addSubscriptions("c2", List.of(sub("a/#", 2)), 9));

    assertThat(await(persistence().subscriptionIdentifiers("c1")))
        .isEqualTo(Map.of("a/#", 7, "b", 7));
    assertThat(await(persistence().allSubscriptionIdentifiers()))
        .isEqualTo(Map.of("c1", Map.of("a/#", 7, "b", 7), "c2", Map.of("a/#", 9)));
    assertThat(await(persistence().subscriptionsByClient("c1"))).containsOnlyKeys("a/#", "b", "c");
  }

  @Test
  default void resubscribingWithoutAnIdentifierDropsIt() {
    await(persistence().addSubscriptions("c1", List.of(sub("a", 1), sub("b", 1)), 7));

    await(persistence().addSubscriptions("c1", List.of(sub("a", 1)), 0));

    assertThat(await(persistence().subscriptionIdentifiers("c1"))).isEqualTo(Map.of("b", 7));
  }

  @Test
  default void identifiersGoWithTheirSubscriptions() {
    await(persistence().addSubscriptions("c1", List.of(sub("a", 1), sub("b", 1)), 7));
    await(persistence().addSubscriptions("c2", List.of(sub("a", 1)), 8));

    await(persistence().removeSubscriptions("c1", List.of("a")));
    await(persistence().cleanSubscriptions("c2"));

    assertThat(await(persistence().subscriptionIdentifiers("c1"))).isEqualTo(Map.of("b", 7));
    assertThat(await(persistence().subscriptionIdentifiers("c2"))).isEmpty();
    assertThat(await(persistence().allSubscriptionIdentifiers()))
        .isEqualTo(Map.of("c1", Map.of("b", 7)));
  }

  @Test
  default void sessionExpiryIsStoredUntilTheSessionIsCleaned() {
    await(persistence().putSessionExpiry("c1", 60));
    await(persistence().putSessionExpiry("c1", 120));
    await(persistence().putSessionExpiry("c2", 0xFFFF_FFFFL));
    await(persistence().putSessionExpiry("c3", 5));

    await(persistence().cleanSubscriptions("c3"));

    assertThat(await(persistence().allSessionExpiries()))
        .isEqualTo(Map.of("c1", 120L, "c2", 0xFFFF_FFFFL));
  }
}
