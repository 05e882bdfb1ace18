package dev.aedes.spi;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Incoming QoS 2 messages kept until PUBREL ([MQTT-4.3.3-10]). */
public interface IncomingContract extends PersistenceFixture {

  @Test
  @DisplayName("[MQTT-4.3.3-10] an incoming QoS 2 PUBLISH is kept until released")
  default void storedIncomingPacketIsFoundByClientAndMessageId() {
    await(persistence().incomingStorePacket("c1", withId("a", 2, 10)));
    await(persistence().incomingStorePacket("c1", withId("b", 2, 11)));

    assertThat(await(persistence().incomingGetPacket("c1", 10))).isEqualTo(withId("a", 2, 10));
    assertThat(await(persistence().incomingGetPacket("c1", 11))).isEqualTo(withId("b", 2, 11));
  }

  @Test
  default void unknownIncomingPacketIsNull() {
    await(persistence().incomingStorePacket("c1", withId("a", 2, 10)));

    assertThat(await(persistence().incomingGetPacket("c1", 11))).isNull();
    assertThat(await(persistence().incomingGetPacket("c2", 10))).isNull();
  }

  @Test
  default void storingTheSameIdAgainReplacesThePacket() {
    await(persistence().incomingStorePacket("c1", withId("a", 2, 10)));
    await(persistence().incomingStorePacket("c1", withId("b", 2, 10)));

    assertThat(await(persistence().incomingGetPacket("c1", 10))).isEqualTo(withId("b", 2, 10));
  }

  @Test
  default void deletedIncomingPacketIsGoneForThatClientOnly() {
    await(persistence().incomingStorePacket("c1", withId("a", 2, 10)));
    await(persistence().incomingStorePacket("c2", withId("a", 2, 10)));

    await(persistence().incomingDelPacket("c1", 10));
    await(persistence().incomingDelPacket("c1", 10)); // twice: still fine
    await(persistence().incomingDelPacket("nobody", 10));

    assertThat(await(persistence().incomingGetPacket("c1", 10))).isNull();
    assertThat(await(persistence().incomingGetPacket("c2", 10))).isEqualTo(withId("a", 2, 10));
  }
}
