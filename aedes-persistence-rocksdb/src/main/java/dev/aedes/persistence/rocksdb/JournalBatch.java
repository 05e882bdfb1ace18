package dev.aedes.persistence.rocksdb;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One thread's {@link CopyLog} records not yet written: copies recorded and ids of written
 * copies acknowledged, with the count of those per segment. Guarded by itself: the flush of another thread (a close) may take it.
 */
final class JournalBatch {
  private List<JournalCopy> copies = new ArrayList<>();
  private long[] acks = new long[64];
  private int ackCount;
  /**
   * How many written copies of each segment ended here since the last take, counted off the
   * segments by the flush: one update of a segment's count per batch, not one per copy from
   * every event loop.
   */
  private List<Ended> ended = new ArrayList<>(1);
  /** Read without the lock by {@link #isEmpty}: a stale answer only costs a lock. */
  private volatile boolean empty = true;

  /** What one flush takes. */
  record Taken(List<JournalCopy> copies, long[] acks, int ackCount, List<Ended> ended) {
  }

  /** {@code count} copies of {@code segment} ended. */
  static final class Ended {
    final JournalSegment segment;
    int count;

    Ended(JournalSegment segment) {
      this.segment = segment;
    }
  }

  synchronized void add(JournalCopy copy) {
    copies.add(copy);
    empty = false;
  }

  /** The written copy {@code id} of {@code segment} was acknowledged. */
  synchronized void ack(long id, JournalSegment segment) {
    ack(id);
    ended(segment);
  }

  private void ack(long id) {
    if (ackCount == acks.length) {
      acks = Arrays.copyOf(acks, acks.length * 2);
    }
    acks[ackCount++] = id;
    empty = false;
  }

  private void ended(JournalSegment segment) {
    Ended last = ended.isEmpty() ? null : ended.get(ended.size() - 1);
    if (last == null || last.segment != segment) {
      last = new Ended(segment);
      ended.add(last);
    }
    last.count++;
    empty = false;
  }

  /** Whether there is nothing to write; may be stale when another thread adds. */
  boolean isEmpty() {
    return empty;
  }

  /** Takes everything, or null when there is nothing. */
  synchronized Taken take() {
    if (copies.isEmpty() && ackCount == 0 && ended.isEmpty()) {
      return null;
    }
    Taken taken = new Taken(copies, acks, ackCount, ended);
    copies = new ArrayList<>();
    acks = new long[Math.max(64, ackCount)];
    ackCount = 0;
    ended = new ArrayList<>(1);
    empty = true;
    return taken;
  }

  /** A write of {@code taken} failed: its ACK records go with the next one. */
  synchronized void ackAgain(Taken taken) {
    // its copies' ends were counted off already
    for (int i = 0; i < taken.ackCount(); i++) {
      ack(taken.acks()[i]);
    }
  }
}
