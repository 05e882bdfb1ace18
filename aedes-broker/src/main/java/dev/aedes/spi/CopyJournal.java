package dev.aedes.spi;

import dev.aedes.packet.PublishPacket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A store's cheap durable record of the QoS 1 copies sent to connected persistent sessions whose
 * queue write is deferred ({@code inflightWriteDelay}): an append-only journal. Once a copy's
 * record is durable (under the store's own durability) the publisher may be acknowledged at
 * once, instead of waiting for the subscriber's PUBACK or the queue write. After a crash the
 * store puts the copies that were neither acknowledged nor written back into their sessions'
 * queues, with their message ids, before the broker reads them.
 *
 * <p>Every call may come from any thread. The records a thread adds wait in that thread's batch
 * until it calls {@link #flush}: an event loop writes the records of one turn with one write,
 * and completes its own copies' stages.
 */
public interface CopyJournal {
  /** A copy recorded: what {@link #acknowledged} and {@link #enqueue} name. */
  interface Entry {
  }

  /**
   * Adds a record of {@code copy} (QoS 1, with its message id), sent to {@code clientId}, to the
   * next batch; returns null when the journal takes none now (a full disk, a closed store): the
   * copy is then written as if there were no journal. {@code durable} is completed once the
   * record is durable; if writing it fails, or the copy is acknowledged or written first, it is
   * left alone (the caller completes it then). The caller must call {@link #flush} on this
   * thread soon after.
   */
  Entry record(String clientId, PublishPacket copy, CompletableFuture<Void> durable);

  /**
   * Writes the records this thread added since its last flush, with one write, and completes
   * their {@code durable} stages; cheap when there are none.
   */
  void flush();

  /**
   * The client acknowledged the copy of {@code entry}: it is not put back after a restart. The
   * note of it goes with this thread's next {@link #flush}.
   */
  void acknowledged(Entry entry);

  /**
   * Writes the copy of {@code entry} to the client's queue as
   * {@link Persistence#outgoingEnqueue} does, together with a mark that its record is not to be
   * put back after a restart.
   */
  CompletionStage<Void> enqueue(String clientId, PublishPacket copy, Entry entry);
}
