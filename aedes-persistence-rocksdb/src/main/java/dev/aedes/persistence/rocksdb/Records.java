package dev.aedes.persistence.rocksdb;

import dev.aedes.packet.PublishPacket;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

/**
 * The small per-client records: incoming QoS 2 messages awaiting PUBREL (the wills are
 * {@link Wills}'). Changes on the writer thread, reads anywhere.
 */
final class Records {
  private final RocksStore store;

  Records(RocksStore store) {
    this.store = store;
  }

  void storeIncoming(String clientId, PublishPacket packet) throws RocksDBException {
    store.put(store.incoming, Keys.incoming(clientId, packet.messageId()),
        PacketCodec.encode(packet));
  }

  PublishPacket incoming(String clientId, int messageId) throws RocksDBException {
    byte[] value = store.db.get(store.incoming, Keys.incoming(clientId, messageId));
    return value == null ? null : PacketCodec.decode(value);
  }

  void deleteIncoming(String clientId, int messageId) throws RocksDBException {
    store.delete(store.incoming, Keys.incoming(clientId, messageId));
  }

  /** Adds the deletion of all the client's incoming QoS 2 messages to {@code batch}. */
  void cleanIncoming(String clientId, WriteBatch batch) throws RocksDBException {
    byte[] prefix = Keys.clientPrefix(clientId);
    batch.deleteRange(store.incoming, prefix, Keys.prefixEnd(prefix));
  }
}
