package dev.aedes.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Wills, tagged with the broker holding the client's connection. */
public interface WillsContract extends PersistenceFixture {

  @Test
  default void storedWillIsReturnedAndCanBeReplaced() {
    await(persistence().putWill("c1", "b1", retained("will/c1", "first")));
    assertThat(await(persistence().getWill("c1"))).isEqualTo(retained("will/c1", "first"));

    await(persistence().putWill("c1", "b1", retained("will/c1", "second")));
    assertThat(await(persistence().getWill("c1"))).isEqualTo(retained("will/c1", "second"));
  }

  @Test
  default void unknownWillIsNull() {
    assertThat(await(persistence().getWill("nobody"))).isNull();
    assertThat(await(persistence().delWill("nobody"))).isNull();
  }

  @Test
  default void delWillReturnsTheWillAndRemovesIt() {
    await(persistence().putWill("c1", "b1", retained("will/c1", "x")));
    await(persistence().putWill("c2", "b1", retained("will/c2", "y")));

    assertThat(await(persistence().delWill("c1"))).isEqualTo(retained("will/c1", "x"));
    assertThat(await(persistence().getWill("c1"))).isNull();
    assertThat(await(persistence().delWill("c1"))).isNull();
    assertThat(await(persistence().getWill("c2"))).isEqualTo(retained("will/c2", "y"));
  }

  @Test
  default void streamWillReturnsWillsOfBrokersThatAreNotLive() {
    await(persistence().putWill("c1", "b1", retained("will/c1", "x")));
    await(persistence().putWill("c2", "b2", retained("will/c2", "y")));
    await(persistence().putWill("c3", "b3", retained("will/c3", "z")));

    assertThat(await(persistence().streamWill(List.of("b1", "b3"))))
        .containsOnly(Map.entry("c2", retained("will/c2", "y")));
    assertThat(await(persistence().streamWill(List.of()))).containsOnlyKeys("c1", "c2", "c3");
    assertThat(await(persistence().streamWill(List.of("b1", "b2", "b3")))).isEmpty();
  }

  @Test
  default void aWillFollowsItsClientToItsNewBroker() {
    await(persistence().putWill("c1", "b1", retained("will/c1", "x")));
    await(persistence().putWill("c1", "b2", retained("will/c1", "x")));

    assertThat(await(persistence().streamWill(List.of("b2")))).isEmpty();
    assertThat(await(persistence().streamWill(List.of("b1")))).containsOnlyKeys("c1");
  }

  @Test
  default void aDelayedWillKeepsItsDueTimeUntilReplacedOrDeleted() {
    await(persistence().putWill("c1", "b1", retained("will/c1", "x")));
    await(persistence().putWill("c2", "b1", retained("will/c2", "y")));
    await(persistence().putWillDue("c1", 1_900_000_000_000L));
    await(persistence().putWillDue("nobody", 42)); // no will: nothing to delay

    assertThat(await(persistence().allWillDues()))
        .containsOnly(Map.entry("c1", 1_900_000_000_000L));
    assertThat(await(persistence().streamWill(List.of()))).containsOnlyKeys("c1", "c2");
    assertThat(await(persistence().getWill("c1"))).isEqualTo(retained("will/c1", "x"));

    await(persistence().putWill("c1", "b2", retained("will/c1", "new connection")));
    assertThat(await(persistence().allWillDues())).as("a new will is not delayed yet").isEmpty();

    await(persistence().putWillDue("c2", 7));
    assertThat(await(persistence().delWill("c2"))).isEqualTo(retained("will/c2", "y"));
    assertThat(await(persistence().allWillDues())).isEmpty();
  }

  @Test
  default void delWillIfDueDeletesOnlyTheWillThatIsDue() {
    long due = 1_900_000_000_000L;
    assertThat(await(persistence().delWillIfDue("nobody", due))).isNull();
    await(persistence().putWill("c1", "b1", retained("will/c1", "delayed")));
    await(persistence().putWillDue("c1", due));
    assertThat(await(persistence().delWillIfDue("c1", due + 1))).as("another due time").isNull();

    await(persistence().putWill("c1", "b1", retained("will/c1", "reconnected")));
    assertThat(await(persistence().delWillIfDue("c1", due)))
        .as("the will stored since has no due time: it stays").isNull();
    assertThat(await(persistence().getWill("c1"))).isEqualTo(retained("will/c1", "reconnected"));

    await(persistence().putWillDue("c1", due + 5));
    assertThat(await(persistence().delWillIfDue("c1", due))).isNull();
    assertThat(await(persistence().delWillIfDue("c1", due + 5)))
        .isEqualTo(retained("will/c1", "reconnected"));
    assertThat(await(persistence().getWill("c1"))).isNull();
    assertThat(await(persistence().allWillDues())).isEmpty();
  }

  @Test
  default void streamStoredWillsGivesEachWillWithItsBrokerAndDueTime() {
    long due = 1_900_000_000_000L;
    await(persistence().putWill("c1", "b1", retained("will/c1", "x")));
    await(persistence().putWill("c2", "b2", retained("will/c2", "y")));
    await(persistence().putWill("c3", "b2", retained("will/c3", "z")));
    await(persistence().putWillDue("c2", due));

    assertThat(await(persistence().streamStoredWills(List.of("b1")))).containsOnly(
        Map.entry("c2", new StoredWill("b2", retained("will/c2", "y"), due)),
        Map.entry("c3", new StoredWill("b2", retained("will/c3", "z"), null)));
    assertThat(await(persistence().streamStoredWills(List.of())))
        .containsEntry("c1", new StoredWill("b1", retained("will/c1", "x"), null));
  }

  @Test
  default void delWillIfStoredDeletesOnlyTheWillOfThatBrokerAndDueTime() {
    long due = 1_900_000_000_000L;
    assertThat(await(persistence().delWillIfStored("nobody", "b1", null))).isNull();
    await(persistence().putWill("c1", "b1", retained("will/c1", "old")));
    await(persistence().putWill("c1", "b2", retained("will/c1", "reconnected")));
    assertThat(await(persistence().delWillIfStored("c1", "b1", null)))
        .as("stored since under another broker: it stays").isNull();
    assertThat(await(persistence().getWill("c1"))).isEqualTo(retained("will/c1", "reconnected"));

    await(persistence().putWillDue("c1", due));
    assertThat(await(persistence().delWillIfStored("c1", "b2", null))).as("delayed since")
        .isNull();
    assertThat(await(persistence().delWillIfStored("c1", "b2", due + 1))).isNull();
    assertThat(await(persistence().delWillIfStored("c1", "b2", due)))
        .isEqualTo(retained("will/c1", "reconnected"));
    assertThat(await(persistence().getWill("c1"))).isNull();
    assertThat(await(persistence().allWillDues())).isEmpty();

    await(persistence().putWill("c2", "b1", retained("will/c2", "y")));
    assertThat(await(persistence().delWillIfStored("c2", "b1", due)))
        .as("a will without a due time is not a delayed one").isNull();
    assertThat(await(persistence().delWillIfStored("c2", "b1", null)))
        .isEqualTo(retained("will/c2", "y"));
    assertThat(await(persistence().getWill("c2"))).isNull();
  }
}
