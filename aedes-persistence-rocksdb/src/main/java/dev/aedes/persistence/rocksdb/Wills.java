package dev.aedes.persistence.rocksdb;

import dev.aedes.packet.PublishPacket;
import dev.aedes.spi.StoredWill;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;

/**
 * The wills of {@link RocksPersistence}, tagged with the broker holding the client's connection
 * and with the due time of a delayed one. Changes run on the writer, in order with each other,
 * so a conditional delete never removes a will stored since; reads run on the readers.
 */
final class Wills {
  private final RocksStore store;
  private final Writes writes;
  private final Readers readers;

  Wills(RocksStore store, Writes writes, Readers readers) {
    this.store = store;
    this.writes = writes;
    this.readers = readers;
  }

  CompletionStage<Void> put(String clientId, String brokerId, PublishPacket will) {
    return writes.write(() -> write(clientId, brokerId, will));
  }

  CompletionStage<Void> putDue(String clientId, long dueAt) {
    return writes.write(() -> writeDue(clientId, dueAt));
  }

  CompletionStage<Map<String, Long>> dues() {
    return readers.read(this::readDues);
  }

  CompletionStage<PublishPacket> get(String clientId) {
    return readers.read(() -> read(clientId));
  }

  CompletionStage<PublishPacket> delete(String clientId) {
    return writes.submit(() -> remove(clientId));
  }

  CompletionStage<PublishPacket> deleteIfDue(String clientId, long dueAt) {
    // on the writer, in order with putWill: a will stored since is never the one deleted
    return writes.submit(() -> removeIfDue(clientId, dueAt));
  }

  CompletionStage<PublishPacket> deleteIfStored(String clientId, String brokerId, Long dueAt) {
    // on the writer, in order with putWill: a will stored since is never the one deleted
    return writes.submit(() -> removeIfStored(clientId, brokerId, dueAt));
  }

  CompletionStage<Map<String, PublishPacket>> notOf(Collection<String> liveBrokers) {
    List<String> copy = List.copyOf(liveBrokers);
    return readers.read(() -> willsNotOf(copy));
  }

  CompletionStage<Map<String, StoredWill>> storedNotOf(Collection<String> liveBrokers) {
    List<String> copy = List.copyOf(liveBrokers);
    return readers.read(() -> storedWillsNotOf(copy));
  }

  /** Value: brokerId as 2-byte length and UTF-8, then the will as a stored PUBLISH. */
  private void write(String clientId, String brokerId, PublishPacket will)
      throws RocksDBException {
    byte[] broker = brokerId.getBytes(StandardCharsets.UTF_8);
    byte[] packet = PacketCodec.encode(will);
    ByteBuffer value = ByteBuffer.allocate(2 + broker.length + packet.length);
    value.putShort((short) broker.length).put(broker).put(packet);
    store.put(store.wills, Keys.utf8(clientId), value.array());
    store.delete(store.wills, Keys.willDue(clientId)); // a new will has no due time yet
  }

  /** Value: the due time, 8 bytes big-endian; only beside a stored will. */
  private void writeDue(String clientId, long dueAt) throws RocksDBException {
    if (store.getForWrite(store.wills, Keys.utf8(clientId)) != null) {
      store.put(store.wills, Keys.willDue(clientId),
          ByteBuffer.allocate(Long.BYTES).putLong(dueAt).array());
    }
  }

  private Map<String, Long> readDues() {
    Map<String, Long> result = new HashMap<>();
    try (RocksIterator it = store.db.newIterator(store.wills)) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        byte[] key = it.key();
        if (Keys.isWillDue(key)) {
          result.put(Keys.clientId(key), ByteBuffer.wrap(it.value()).getLong());
        }
      }
    }
    return result;
  }

  private PublishPacket read(String clientId) throws RocksDBException {
    byte[] value = store.db.get(store.wills, Keys.utf8(clientId));
    return value == null ? null : willOf(value);
  }

  private PublishPacket remove(String clientId) throws RocksDBException {
    byte[] key = Keys.utf8(clientId);
    byte[] value = store.getForWrite(store.wills, key);
    if (value == null) {
      return null;
    }
    store.delete(store.wills, key);
    store.delete(store.wills, Keys.willDue(clientId));
    return willOf(value);
  }

  /** {@link #remove} if the stored will's due time is {@code dueAt}; else null. */
  private PublishPacket removeIfDue(String clientId, long dueAt) throws RocksDBException {
    byte[] due = store.getForWrite(store.wills, Keys.willDue(clientId));
    if (due == null || ByteBuffer.wrap(due).getLong() != dueAt) {
      return null; // no will, or one stored since: not the one that is due
    }
    return remove(clientId);
  }

  /**
   * {@link #remove} if the stored will is {@code brokerId}'s with due time {@code dueAt}
   * (null: none); else null.
   */
  private PublishPacket removeIfStored(String clientId, String brokerId, Long dueAt)
      throws RocksDBException {
    byte[] value = store.getForWrite(store.wills, Keys.utf8(clientId));
    if (value == null || !brokerOf(value).equals(brokerId)) {
      return null; // no will, or one its client stored since on another broker
    }
    byte[] due = store.getForWrite(store.wills, Keys.willDue(clientId));
    Long storedDue = due == null ? null : ByteBuffer.wrap(due).getLong();
    return Objects.equals(storedDue, dueAt) ? remove(clientId) : null;
  }

  /**
   * The wills not of {@code liveBrokers}, with broker id and due time, from one iterator (a
   * snapshot): a due time's key ({@code clientId 0x00}) sorts right after its will's key, as a
   * client id holds no NUL ([MQTT-1.5.4-2]).
   */
  private Map<String, StoredWill> storedWillsNotOf(Collection<String> liveBrokers) {
    Map<String, StoredWill> result = new HashMap<>();
    try (RocksIterator it = store.db.newIterator(store.wills)) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        byte[] key = it.key();
        if (Keys.isWillDue(key)) {
          result.computeIfPresent(Keys.clientId(key), (clientId, will) -> new StoredWill(
              will.brokerId(), will.will(), ByteBuffer.wrap(it.value()).getLong()));
          continue;
        }
        byte[] value = it.value();
        String brokerId = brokerOf(value);
        if (!liveBrokers.contains(brokerId)) {
          result.put(new String(key, StandardCharsets.UTF_8),
              new StoredWill(brokerId, willOf(value), null));
        }
      }
    }
    return result;
  }

  private Map<String, PublishPacket> willsNotOf(Collection<String> liveBrokers) {
    Map<String, PublishPacket> result = new HashMap<>();
    storedWillsNotOf(liveBrokers)
        .forEach((clientId, stored) -> result.put(clientId, stored.will()));
    return result;
  }

  private static String brokerOf(byte[] value) {
    int length = (value[0] & 0xff) << 8 | value[1] & 0xff;
    return new String(value, 2, length, StandardCharsets.UTF_8);
  }

  private static PublishPacket willOf(byte[] value) {
    int length = (value[0] & 0xff) << 8 | value[1] & 0xff;
    return PacketCodec.decode(Arrays.copyOfRange(value, 2 + length, value.length));
  }
}
