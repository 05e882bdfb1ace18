package dev.aedes.spi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aedes.packet.Subscription;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Subscriptions of persistent sessions: by client, by topic, clean, client list. */
public interface SubscriptionsContract extends PersistenceFixture {

  private void subscribe(String clientId, Subscription... subs) {
    await(persistence().addSubscriptions(clientId, List.of(subs)));
  }

  private Map<String, List<Subscription>> byTopic(String topic) {
    return await(persistence().subscriptionsByTopic(topic));
  }

  @Test
  default void addedSubscriptionsAreReturnedByClientKeyedByFilter() {
    Subscription v5 = new Subscription("c/d", 2, true, true, 1);
    subscribe("c1", sub("a/b", 1), v5);

    assertThat(await(persistence().subscriptionsByClient("c1")))
        .containsOnly(Map.entry("a/b", sub("a/b", 1)), Map.entry("c/d", v5));
  }

  @Test
  default void unknownClientHasNoSubscriptions() {
    assertThat(await(persistence().subscriptionsByClient("nobody"))).isEmpty();
    assertThat(byTopic("a")).isEmpty();
  }

  @Test
  @DisplayName("[MQTT-3.8.4-3] subscribing again to the same filter replaces the subscription")
  default void sameFilterReplacesTheSubscription() {
    subscribe("c1", sub("a/b", 0));
    subscribe("c1", sub("a/b", 2));

    assertThat(await(persistence().subscriptionsByClient("c1")))
        .containsOnly(Map.entry("a/b", sub("a/b", 2)));
    assertThat(byTopic("a/b")).containsOnly(Map.entry("c1", List.of(sub("a/b", 2))));
  }

  @Test
  default void removeDropsOnlyTheNamedFilters() {
    subscribe("c1", sub("a", 1), sub("b", 1), sub("c/#", 1));
    await(persistence().removeSubscriptions("c1", List.of("a", "c/#", "never")));

    assertThat(await(persistence().subscriptionsByClient("c1")).keySet()).containsOnly("b");
    assertThat(byTopic("a")).isEmpty();
    assertThat(byTopic("c/x")).isEmpty();
    assertThat(byTopic("b")).containsOnlyKeys("c1");
  }

  @Test
  default void removeForAnUnknownClientChangesNothing() {
    subscribe("c1", sub("a", 1));
    await(persistence().removeSubscriptions("nobody", List.of("a")));

    assertThat(byTopic("a")).containsOnlyKeys("c1");
  }

  @Test
  default void byTopicFindsExactAndWildcardFiltersOfSeveralClients() {
    subscribe("exact", sub("sport/tennis/player1", 1));
    subscribe("plus", sub("sport/+/player1", 2));
    subscribe("hash", sub("sport/#", 0));
    subscribe("other", sub("news/#", 1), sub("sport/+", 1));

    assertThat(byTopic("sport/tennis/player1")).containsOnly(
        Map.entry("exact", List.of(sub("sport/tennis/player1", 1))),
        Map.entry("plus", List.of(sub("sport/+/player1", 2))),
        Map.entry("hash", List.of(sub("sport/#", 0))));
    assertThat(byTopic("sport")).containsOnlyKeys("hash"); // [MQTT-4.7.1-2]
    assertThat(byTopic("sport/tennis")).containsOnlyKeys("hash", "other");
    assertThat(byTopic("weather")).isEmpty();
  }

  @Test
  default void overlappingFiltersOfOneClientAreAllReturned() {
    subscribe("c1", sub("a/b", 0), sub("a/+", 1), sub("#", 2), sub("x/#", 1));

    assertThat(byTopic("a/b")).containsOnlyKeys("c1");
    assertThat(byTopic("a/b").get("c1"))
        .containsExactlyInAnyOrder(sub("a/b", 0), sub("a/+", 1), sub("#", 2));
  }

  @Test
  @DisplayName("[MQTT-4.7.2-1] '#' and '+' at the start do not match '$' topics")
  default void byTopicKeepsTheDollarRule() {
    subscribe("all", sub("#", 1), sub("+/x", 1));
    subscribe("sys", sub("$SYS/#", 1));

    assertThat(byTopic("$SYS/x")).containsOnlyKeys("sys");
    assertThat(byTopic("a/x").get("all")).hasSize(2);
  }

  @Test
  default void cleanRemovesSubscriptionsAndOutgoingQueueOfThatClientOnly() {
    subscribe("c1", sub("a/#", 1), sub("b", 1));
    subscribe("c2", sub("a/#", 1));
    await(persistence().outgoingEnqueue("c1", queued("a/1", "x")));
    await(persistence().outgoingEnqueue("c2", queued("a/1", "y")));

    await(persistence().cleanSubscriptions("c1"));

    assertThat(await(persistence().subscriptionsByClient("c1"))).isEmpty();
    assertThat(byTopic("a/1")).containsOnlyKeys("c2");
    assertThat(byTopic("b")).isEmpty();
    assertThat(await(persistence().outgoingStream("c1"))).isEmpty();
    assertThat(await(persistence().outgoingStream("c2"))).containsExactly(queued("a/1", "y"));
    assertThat(await(persistence().getClientList("a/#"))).containsExactly("c2");
  }

  @Test
  default void cleanForAnUnknownClientCompletes() {
    await(persistence().cleanSubscriptions("nobody"));
    assertThat(await(persistence().subscriptionsByClient("nobody"))).isEmpty();
  }

  @Test
  default void clientListHoldsClientsSubscribedToExactlyThatFilter() {
    subscribe("c1", sub("a/#", 1));
    subscribe("c2", sub("a/#", 0), sub("a/b", 1));
    subscribe("c3", sub("a/b", 1));

    assertThat(await(persistence().getClientList("a/#"))).containsExactlyInAnyOrder("c1", "c2");
    assertThat(await(persistence().getClientList("a/b"))).containsExactlyInAnyOrder("c2", "c3");
    assertThat(await(persistence().getClientList("a/c"))).isEmpty();

    await(persistence().removeSubscriptions("c2", List.of("a/#")));
    assertThat(await(persistence().getClientList("a/#"))).containsExactly("c1");
  }

  @Test
  default void allSubscriptionsListsEveryClientWithItsFilters() {
    Subscription v5 = new Subscription("c/d", 2, true, true, 1);
    subscribe("c1", sub("a/b", 1), v5);
    subscribe("c2", sub("$share/g/x", 1), sub("#", 0));

    assertThat(await(persistence().allSubscriptions())).containsOnly(
        Map.entry("c1", Map.of("a/b", sub("a/b", 1), "c/d", v5)),
        Map.entry("c2", Map.of("$share/g/x", sub("$share/g/x", 1), "#", sub("#", 0))));
  }

  @Test
  default void allSubscriptionsLeavesOutRemovedAndCleanedOnes() {
    assertThat(await(persistence().allSubscriptions())).isEmpty();
    subscribe("c1", sub("a", 1), sub("b", 1));
    subscribe("c2", sub("a", 1));
    subscribe("c3", sub("z", 2));

    await(persistence().removeSubscriptions("c1", List.of("a")));
    await(persistence().removeSubscriptions("c3", List.of("z")));
    await(persistence().cleanSubscriptions("c2"));

    assertThat(await(persistence().allSubscriptions()))
        .containsOnly(Map.entry("c1", Map.of("b", sub("b", 1))));
  }
}
