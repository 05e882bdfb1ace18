package dev.aedes.spi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aedes.packet.Properties;
import dev.aedes.packet.PublishPacket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Queued messages whose Message Expiry Interval passed before they were sent are removed from
 * every queue ({@link Persistence#outgoingDropExpired}, [MQTT-3.3.2-5]); while queued, the
 * property holds the deadline in epoch seconds, as the broker stamps it.
 */
public interface OutgoingExpiryContract extends PersistenceFixture {

  /** A queued QoS 1 message due at {@code deadline} (epoch seconds). */
  private static PublishPacket due(String topic, long deadline) {
    return new PublishPacket(false, 1, false, topic, 0,
        topic.getBytes(StandardCharsets.UTF_8),
        Properties.builder().messageExpiryInterval(deadline).build());
  }

  private List<PublishPacket> stream(String clientId) {
    return await(persistence().outgoingStream(clientId));
  }

  private int dropExpired(long nowMillis) {
    return await(persistence().outgoingDropExpired(nowMillis));
  }

  @Test
  default void expiredUnsentMessagesAreRemovedFromEveryQueueOthersStay() {
    await(persistence().outgoingEnqueue("c1", due("expired", 100)));
    await(persistence().outgoingEnqueue("c1", queued("no-expiry", "x")));
    await(persistence().outgoingEnqueue("c1", due("later", 300)));
    await(persistence().outgoingEnqueue("c1", due("sent", 100)));
    PublishPacket sent = stream("c1").get(3).withMessageId(5, false);
    await(persistence().outgoingUpdate("c1", stream("c1").get(3), sent));
    await(persistence().outgoingEnqueue("c2", due("expired-too", 100)));

    assertThat(dropExpired(200_000)).isEqualTo(2);

    // a message whose onward delivery started (it has a message id) is not removed
    assertThat(topics(stream("c1"))).containsExactly("no-expiry", "later", "sent");
    assertThat(stream("c2")).isEmpty();
    assertThat(dropExpired(200_000)).as("nothing left that is due").isZero();
    assertThat(dropExpired(300_000)).as("due at its deadline exactly").isEqualTo(1);
    assertThat(topics(stream("c1"))).containsExactly("no-expiry", "sent");
    assertThat(await(persistence().outgoingClearMessageId("c1", 5))).isEqualTo(sent);
  }

  @Test
  default void aMessageQueuedAfterASweepThatFoundNoneIsRemovedWhenDue() {
    assertThat(dropExpired(1_000_000)).isZero();
    await(persistence().outgoingEnqueue("c1", queued("no-expiry", "x")));
    assertThat(dropExpired(1_000_000)).isZero();
    await(persistence().outgoingEnqueue("c1", due("soon", 500)));
    assertThat(dropExpired(400_000)).as("not yet").isZero();

    assertThat(dropExpired(500_000)).isEqualTo(1);
    assertThat(topics(stream("c1"))).containsExactly("no-expiry");
  }

  @Test
  default void aMessageQueuedLaterIsNotRemovedWhenAnEarlierOneWouldHaveExpired() {
    await(persistence().outgoingEnqueue("c1", due("delivered", 100)));
    PublishPacket queued = stream("c1").get(0);
    await(persistence().outgoingUpdate("c1", queued, queued.withMessageId(3, false)));
    await(persistence().outgoingClearMessageId("c1", 3));
    await(persistence().outgoingEnqueue("c1", queued("no-expiry", "x")));
    await(persistence().outgoingEnqueue("c1", due("later", 900)));

    assertThat(dropExpired(200_000)).isZero();
    assertThat(topics(stream("c1"))).containsExactly("no-expiry", "later");
  }

  @Test
  default void expiredMessagesOfACleanedSessionAreNotCounted() {
    await(persistence().outgoingEnqueue("c1", due("gone", 100)));
    await(persistence().cleanSubscriptions("c1"));

    assertThat(dropExpired(200_000)).isZero();
    assertThat(stream("c1")).isEmpty();
  }

  @Test
  default void aDeliveredMessageIsNotCountedAsExpired() {
    await(persistence().outgoingEnqueue("c1", due("a", 100)));
    PublishPacket queued = stream("c1").get(0);
    await(persistence().outgoingUpdate("c1", queued, queued.withMessageId(9, false)));
    await(persistence().outgoingClearMessageId("c1", 9)); // acknowledged

    assertThat(dropExpired(200_000)).as("delivered: nothing to remove").isZero();
    assertThat(stream("c1")).isEmpty();
  }
}
