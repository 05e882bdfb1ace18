package dev.aedes.spi;

import dev.aedes.packet.PublishPacket;
import java.util.concurrent.CompletionStage;

/**
 * A store's cheap durable record of the QoS 1 copies sent to connected persistent sessions whose
 * queue write is deferred ({@code inflightWriteDelay}): an append-only journal. A copy's record
 * is durable (under the store's own durability) once {@link #record} returns, so the publisher
 * may be acknowledged at once, instead of waiting for the subscriber's PUBACK or the queue
 * write. After a crash the store puts the copies that were neither acknowledged nor written
 * back into their sessions' queues, with their message ids, before the broker reads them.
 *
 * <p>Every call may come from any thread, and must be cheap: it is made on an event loop, for
 * every copy.
 */
public interface CopyJournal {
  /** A copy recorded: what {@link #acknowledged} and {@link #enqueue} name. */
  interface Entry {
  }

  /**
   * Records {@code copy} (QoS 1, with its message id), sent to {@code clientId}; durable when
   * this returns. Returns null when the journal takes none now (a full disk, a closed store):
   * the copy is then written as if there were no journal.
   */
  Entry record(String clientId, PublishPacket copy);

  /**
   * The client acknowledged the copy of {@code entry}: it is not put back after a restart (a
   * crash right after may still put it back: QoS 1 allows the duplicate).
   */
  void acknowledged(Entry entry);

  /**
   * Writes the copy of {@code entry} to the client's queue as
   * {@link Persistence#outgoingEnqueue} does, together with a mark that its record is not to be
   * put back after a restart. When that fails the record stays open: its {@link #acknowledged}
   * or another enqueue may still end it (the returned stage fails only once that holds). A
   * failed write may have reached the store all the same (applied, then not made durable): a
   * later enqueue adds no second queue entry, and the caller clears the queue on the PUBACK.
   */
  CompletionStage<Void> enqueue(String clientId, PublishPacket copy, Entry entry);
}
