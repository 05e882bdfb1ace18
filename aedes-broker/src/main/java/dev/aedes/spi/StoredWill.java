package dev.aedes.spi;

import dev.aedes.packet.PublishPacket;

/**
 * A will as {@link Persistence#streamStoredWills} finds it: the id of the broker that stored it
 * (null when the store cannot tell) and its due time ({@link Persistence#putWillDue}; null when
 * it has none). The broker id and due time identify the stored will for
 * {@link Persistence#delWillIfStored}.
 */
public record StoredWill(String brokerId, PublishPacket will, Long dueAt) {
}
