package dev.aedes.persistence.rocksdb;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One thread's {@link CopyLog} records not yet written: copies recorded and ids of written
 * copies acknowledged. Guarded by itself: the flush of another thread (a close) may take it.
 */
final class JournalBatch {
  private List<JournalCopy> copies = new ArrayList<>();
  private long[] acks = new long[64];
  private int ackCount;
  /** Read without the lock by {@link #isEmpty}: a stale answer only costs a lock. */
  private volatile boolean empty = true;

  /** What one flush takes. */
  record Taken(List<JournalCopy> copies, long[] acks, int ackCount) {
  }

  synchronized void add(JournalCopy copy) {
    copies.add(copy);
    empty = false;
  }

  synchronized void ack(long id) {
    if (ackCount == acks.length) {
      acks = Arrays.copyOf(acks, acks.length * 2);
    }
    acks[ackCount++] = id;
    empty = false;
  }

  /** Whether there is nothing to write; may be stale when another thread adds. */
  boolean isEmpty() {
    return empty;
  }

  /** Takes everything, or null when there is nothing. */
  synchronized Taken take() {
    if (copies.isEmpty() && ackCount == 0) {
      return null;
    }
    Taken taken = new Taken(copies, acks, ackCount);
    copies = new ArrayList<>();
    acks = new long[Math.max(64, ackCount)];
    ackCount = 0;
    empty = true;
    return taken;
  }

  /** A write of {@code taken} failed: its ACK records go with the next one. */
  synchronized void ackAgain(Taken taken) {
    for (int i = 0; i < taken.ackCount(); i++) {
      ack(taken.acks()[i]);
    }
  }
}
