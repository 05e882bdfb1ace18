package dev.aedes.spi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aedes.packet.PublishPacket;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A client's outgoing queue: order, message id updates, clearing by message id. */
public interface OutgoingContract extends PersistenceFixture {

  private List<PublishPacket> stream(String clientId) {
    return await(persistence().outgoingStream(clientId));
  }

  @Test
  default void enqueuedMessagesStreamInOrder() {
    for (int i = 0; i < 5; i++) {
      await(persistence().outgoingEnqueue("c1", queued("t/" + i, "p" + i)));
    }
    assertThat(topics(stream("c1"))).containsExactly("t/0", "t/1", "t/2", "t/3", "t/4");
    assertThat(stream("c1").get(2)).isEqualTo(queued("t/2", "p2"));
  }

  @Test
  default void queuesOfClientsAreSeparate() {
    await(persistence().outgoingEnqueue("c1", queued("a", "1")));
    await(persistence().outgoingEnqueue("c2", queued("b", "2")));

    assertThat(stream("c1")).containsExactly(queued("a", "1"));
    assertThat(stream("c2")).containsExactly(queued("b", "2"));
    assertThat(stream("nobody")).isEmpty();
  }

  @Test
  default void updateGivesTheQueuedEntryItsMessageIdInPlace() {
    await(persistence().outgoingEnqueue("c1", queued("a", "1")));
    await(persistence().outgoingEnqueue("c1", queued("b", "2")));
    await(persistence().outgoingEnqueue("c1", queued("c", "3")));
    PublishPacket second = stream("c1").get(1);
    PublishPacket sent = second.withMessageId(42, false);

    await(persistence().outgoingUpdate("c1", second, sent));

    assertThat(stream("c1")).containsExactly(queued("a", "1"), sent, queued("c", "3"));
  }

  @Test
  default void updateOfAnAlreadySentEntryTakesTheNewIdAndDup() {
    await(persistence().outgoingEnqueue("c1", withId("a", 1, 7)));
    PublishPacket first = stream("c1").get(0);
    PublishPacket resent = first.withMessageId(8, true);

    await(persistence().outgoingUpdate("c1", first, resent));

    assertThat(stream("c1")).containsExactly(resent);
    assertThat(await(persistence().outgoingClearMessageId("c1", 7))).isNull();
    assertThat(await(persistence().outgoingClearMessageId("c1", 8))).isEqualTo(resent);
  }

  @Test
  default void clearMessageIdReturnsThePacketAndRemovesIt() {
    await(persistence().outgoingEnqueue("c1", withId("a", 1, 1)));
    await(persistence().outgoingEnqueue("c1", withId("b", 2, 2)));
    await(persistence().outgoingEnqueue("c1", withId("c", 1, 3)));

    assertThat(await(persistence().outgoingClearMessageId("c1", 2))).isEqualTo(withId("b", 2, 2));
    assertThat(stream("c1")).containsExactly(withId("a", 1, 1), withId("c", 1, 3));
    assertThat(await(persistence().outgoingClearMessageId("c1", 2))).isNull();
  }

  @Test
  default void clearMessageIdOfAnUpdatedEntryFindsItByItsNewId() {
    await(persistence().outgoingEnqueue("c1", queued("a", "1")));
    PublishPacket sent = stream("c1").get(0).withMessageId(5, false);
    await(persistence().outgoingUpdate("c1", stream("c1").get(0), sent));

    assertThat(await(persistence().outgoingClearMessageId("c1", 5))).isEqualTo(sent);
    assertThat(stream("c1")).isEmpty();
  }

  @Test
  default void clearMessageIdIsNullForUnknownIdOrClient() {
    await(persistence().outgoingEnqueue("c1", withId("a", 1, 1)));

    assertThat(await(persistence().outgoingClearMessageId("c1", 99))).isNull();
    assertThat(await(persistence().outgoingClearMessageId("nobody", 1))).isNull();
    assertThat(stream("c1")).containsExactly(withId("a", 1, 1));
  }

  @Test
  default void clearMessageIdLeavesEntriesOfOtherClients() {
    await(persistence().outgoingEnqueue("c1", withId("a", 1, 1)));
    await(persistence().outgoingEnqueue("c2", withId("a", 1, 1)));

    await(persistence().outgoingClearMessageId("c1", 1));

    assertThat(stream("c1")).isEmpty();
    assertThat(stream("c2")).containsExactly(withId("a", 1, 1));
  }
}
