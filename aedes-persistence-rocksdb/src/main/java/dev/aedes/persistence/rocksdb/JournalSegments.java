package dev.aedes.persistence.rocksdb;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The segments of a {@link CopyLog} and what is written into them, under this object's lock: a
 * record is copied into the current segment (mapped, {@link JournalSegment}), so it is in the
 * operating system once {@link #append} returns; ACK records; each segment's count of copies not
 * ended; the next segment, which {@link JournalKeeper} prepares while the current one fills (a
 * file of zeros under its number, read at replay as an empty segment, mapped, its name made
 * durable with {@code interval}), off the event loops. A record that finds the current segment
 * full and no next one ready yet, or none could be prepared (a full disk), is refused; ACK
 * records wait in memory for a segment. After a failure a segment is tried again at most once a
 * second.
 */
final class JournalSegments {
  // the persistence's journal, as operators know its logs by it
  private static final Logger LOG = LoggerFactory.getLogger(CopyLog.class);
  private static final long RETRY_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final Path directory;
  private final RocksStore store;
  private final int segmentBytes;
  /** With {@code interval}: a segment's name is fsync'ed before it takes records. */
  private final boolean syncNames;
  JournalKeeper keeper;

  /** The segments not yet deleted, oldest first; the last may be {@link #current}. */
  private final ArrayDeque<JournalSegment> segments = new ArrayDeque<>();
  private JournalSegment current;
  /** The next segment, which the keeper prepared; or null. */
  private JournalSegment spare;
  private long nextId = 1;
  private long nextNumber = 1;
  /** Where a record is made before it is copied into its segment. */
  private byte[] record = new byte[4096];
  /** ACK records that found no segment to go to, written to the next one. */
  private long[] pendingAcks = new long[16];
  private int pendingAckCount;
  private boolean closed;
  /** No segment could be prepared: one is tried again from {@link #retryAt} on. */
  private volatile boolean failing;
  private volatile long retryAt;

  JournalSegments(Path directory, RocksStore store, int segmentBytes, boolean syncNames) {
    this.directory = directory;
    this.store = store;
    this.segmentBytes = segmentBytes;
    this.syncNames = syncNames;
  }

  /**
   * Copies a copy record with {@code body} ({@link CopyLogFormat#copyBody}) into the current
   * segment; null when there is no room ({@link #room}).
   */
  synchronized JournalCopy append(byte[] body) {
    int size = CopyLogFormat.copySize(body);
    JournalSegment segment = room(size);
    if (segment == null) {
      return null;
    }
    long id = nextId++;
    record = CopyLogFormat.makeCopy(record, id, body);
    put(segment, size);
    segment.open++;
    // the range of the marks its deletion takes
    segment.firstId = Math.min(segment.firstId, id);
    segment.lastId = id;
    return new JournalCopy(id, segment);
  }

  /** The copy was acknowledged: an ACK record (now or with the next segment), and it ended. */
  synchronized void acknowledged(JournalCopy copy) {
    if (closed) {
      return;
    }
    JournalSegment segment = room(CopyLogFormat.ACK_SIZE);
    if (segment == null) {
      pendAck(copy.id);
    } else {
      putAck(segment, copy.id);
    }
    ended(copy.segment);
  }

  /** Under the lock: copies the record made in {@link #record} into {@code segment}. */
  private void put(JournalSegment segment, int size) {
    CopyLogFormat.put(segment.map, segment.position, record, size);
    segment.position += size;
    if (!segment.dirty) {
      segment.dirty = true;
    }
    if (record.length > (1 << 20)) {
      record = new byte[4096]; // one large copy does not keep a large buffer
    }
  }

  private void putAck(JournalSegment segment, long id) {
    record = CopyLogFormat.makeAck(record, id);
    put(segment, CopyLogFormat.ACK_SIZE);
  }

  private void pendAck(long id) {
    if (pendingAckCount == pendingAcks.length) {
      pendingAcks = Arrays.copyOf(pendingAcks, pendingAckCount * 2);
    }
    pendingAcks[pendingAckCount++] = id;
  }

  /**
   * Under the lock: the segment with room for {@code size} more bytes: the current one, or the
   * next one ready, which takes the ACK records waiting first; null when there is none (closed,
   * a record larger than a segment, the next one not ready yet or not to be had).
   */
  private JournalSegment room(int size) {
    if (closed) {
      return null;
    }
    if (current != null && current.fits(size)) {
      return current;
    }
    if (size > segmentBytes) {
      return null;
    }
    if (spare == null) {
      if (!failing || System.nanoTime() - retryAt >= 0) {
        keeper.prepareSoon();
      }
      return null;
    }
    JournalSegment next = activate(size);
    return next.fits(size) ? next : null;
  }

  /**
   * Under the lock: the prepared segment becomes the current one and takes the ACK records
   * waiting, leaving room for {@code size} more bytes; the next one is asked for.
   */
  private JournalSegment activate(int size) {
    JournalSegment next = spare;
    spare = null;
    if (current != null) {
      close(current);
    }
    current = next;
    segments.addLast(next);
    keeper.prepareSoon();
    int acks = 0;
    while (acks < pendingAckCount && next.fits(size + CopyLogFormat.ACK_SIZE)) {
      putAck(next, pendingAcks[acks++]);
    }
    pendingAckCount -= acks; // the rest go to the next segment
    System.arraycopy(pendingAcks, acks, pendingAcks, 0, pendingAckCount);
    return next;
  }

  /**
   * Prepares the next segment when there is none; on the keeper's thread (and at open). Its
   * number is taken first, so segments take records in the order of their numbers.
   */
  void prepareSpare() {
    long number;
    synchronized (this) {
      if (spare != null || closed || failing && System.nanoTime() - retryAt < 0) {
        return;
      }
      number = nextNumber++;
    }
    Path path = directory.resolve(CopyLogFormat.segmentName(number));
    JournalSegment prepared;
    try {
      prepared = new JournalSegment(number, path, JournalSegment.prepare(path, segmentBytes));
    } catch (IOException | RuntimeException e) {
      preparationFailed(e);
      return;
    }
    if (syncNames) {
      try {
        JournalKeeper.forceDirectory(directory); // its name durable before any record in it
      } catch (IOException e) {
        discard(prepared);
        preparationFailed(e);
        return;
      }
    }
    synchronized (this) {
      if (!closed) {
        spare = prepared;
        if (failing) {
          failing = false;
          LOG.info("{}: the journal of copies sent writes again", store.path);
        }
        if (pendingAckCount > 0) {
          activate(0); // the ACK records waiting need not wait for the next copy
        }
        return;
      }
    }
    discard(prepared);
  }

  /**
   * A segment could not be prepared: tried again in a second, at the next record's ask, or by
   * itself when ACK records wait.
   */
  private void preparationFailed(Exception e) {
    boolean acksWaiting;
    synchronized (this) {
      retryAt = System.nanoTime() + RETRY_NANOS;
      acksWaiting = pendingAckCount > 0;
      if (!failing) {
        failing = true;
        LOG.warn("{}: no journal segment for copies sent ({}); their publishers wait for the "
            + "copies' PUBACKs or queue writes until there is one", store.path, e.toString());
      }
    }
    if (acksWaiting) {
      keeper.prepareLater(RETRY_NANOS);
    }
  }

  private void discard(JournalSegment unused) {
    JournalSegment.unmap(unused.map);
    try {
      Files.deleteIfExists(unused.path);
    } catch (IOException e) {
      LOG.debug("{}: cannot delete {}: {}", store.path, unused.path, e.toString());
    }
  }

  /** How many bytes of {@code segment} hold records. */
  synchronized int written(JournalSegment segment) {
    return segment.position;
  }

  /** How many ACK records wait for a segment (for tests). */
  synchronized int pendingAcks() {
    return pendingAckCount;
  }

  /** Whether no segment could be prepared lately (for tests). */
  boolean failing() {
    return failing;
  }

  /** Under the lock: the segment takes no more records; it goes once its copies ended. */
  private void close(JournalSegment segment) {
    segment.closed = true;
    keeper.collectSoon();
  }

  /** A copy of {@code segment} ended; a closed one with none left may go. */
  synchronized void ended(JournalSegment segment) {
    if (--segment.open == 0 && segment.closed) {
      keeper.collectSoon();
    }
  }

  /** Segments {@link #takeDone} took and could not be deleted: back at the front, in order. */
  synchronized void putBack(List<JournalSegment> kept) {
    for (int i = kept.size() - 1; i >= 0; i--) {
      segments.addFirst(kept.get(i));
    }
  }

  /**
   * Takes the oldest segments, while each is done, off the list, for deletion. Only from the
   * oldest: an ACK record in a later segment must outlive the copy it ends.
   */
  synchronized List<JournalSegment> takeDone() {
    List<JournalSegment> done = new ArrayList<>();
    while (!segments.isEmpty() && segments.peekFirst().done()) {
      done.add(segments.removeFirst());
    }
    return done;
  }

  /** The segments not yet deleted (for the keeper and for tests). */
  synchronized List<JournalSegment> segments() {
    return new ArrayList<>(segments);
  }

  /**
   * Takes no more records, fsyncs the segments and gives their mappings back (left to the
   * garbage collector if the keeper did not stop, {@code keeperStopped} false, which may still
   * touch them); the next segment prepared goes. ACK records still waiting for a segment are
   * lost: their copies may come once more after the restart, as QoS 1 allows.
   */
  synchronized void close(boolean keeperStopped) {
    closed = true;
    for (JournalSegment segment : segments) {
      try {
        if (segment.dirty) {
          segment.map.force(0, segment.position);
        }
      } catch (RuntimeException e) {
        LOG.warn("{}: fsync of journal segment {} at close: {}", store.path, segment.path,
            e.toString());
      }
      if (keeperStopped) {
        JournalSegment.unmap(segment.map);
      }
    }
    if (spare != null && keeperStopped) {
      discard(spare);
      spare = null;
    }
  }
}
