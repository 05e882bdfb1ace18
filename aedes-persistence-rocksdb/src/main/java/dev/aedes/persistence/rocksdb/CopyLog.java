package dev.aedes.persistence.rocksdb;

import dev.aedes.packet.PublishPacket;
import dev.aedes.spi.CopyJournal;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link CopyJournal} of a store with {@link Durability#INTERVAL} or {@link Durability#NONE}:
 * segment files in {@code <store>/journal}, mapped into memory ({@link JournalSegment}), never
 * read while the store runs. A record is copied into the current segment under this object's
 * lock, so it is in the operating system when {@link #record} returns and a killed JVM loses
 * none; {@link JournalKeeper} fsyncs with {@code interval}. See {@link CopyLogFormat} for the
 * records.
 *
 * <p>A copy ends its record in one of two ways: its PUBACK (an ACK record) or its write to the
 * queue, which puts a mark under its id in the same RocksDB batch. A segment whose every copy
 * ended, and every segment before it, is deleted (then its marks). At open
 * {@link CopyLogReplay} puts the copies that ended neither way back into their queues.
 *
 * <p>The keeper prepares the next segment while the current one fills: a file of zeros under its
 * number (read at replay as an empty segment), mapped, its name made durable with
 * {@code interval}, all off the event loops. A record that finds the current segment full and
 * no next one ready yet, or none could be prepared (a full disk), goes as without a journal: its
 * publisher waits for the copy's PUBACK or queue write; ACK records wait in memory for a
 * segment. After a failure a segment is tried again at most once a second.
 */
final class CopyLog implements CopyJournal {
  private static final Logger LOG = LoggerFactory.getLogger(CopyLog.class);
  /** Segments past this size are closed, and deleted once every copy in them ended. */
  static final long SEGMENT_BYTES = 16L << 20;
  private static final long RETRY_NANOS = TimeUnit.SECONDS.toNanos(1);
  private static final java.util.Set<String> COPY_ON_WRITE =
      java.util.Set.of("btrfs", "zfs", "bcachefs");

  private final Path directory;
  private final RocksStore store;
  private final Writes writes;
  private final OutgoingQueues outgoing;
  private final int segmentBytes;
  /** With {@code interval}: a segment's name is fsync'ed before it takes records. */
  private final boolean syncNames;
  private JournalKeeper keeper;

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
  /** No more records: {@link #close} began. */
  private volatile boolean closing;
  private boolean closed;
  /** No segment could be prepared: one is tried again from {@link #retryAt} on. */
  private volatile boolean failing;
  private volatile long retryAt;

  private CopyLog(Path directory, RocksStore store, Writes writes, OutgoingQueues outgoing,
      int segmentBytes, boolean syncNames) {
    this.directory = directory;
    this.store = store;
    this.writes = writes;
    this.outgoing = outgoing;
    this.segmentBytes = segmentBytes;
    this.syncNames = syncNames;
  }

  /**
   * The journal of a store with {@code durability} (none with {@link Durability#SYNC}: a record
   * would need its own fsync), in {@code directory} ({@link #prepareDirectory}); its first
   * segment is prepared here, before the listeners open. None either on a copy-on-write file
   * system (btrfs, ZFS): writing zeros there takes no blocks for later writes, and a mapped
   * write that finds the disk full ends in a bus error, not an exception.
   */
  static CopyLog open(Path directory, RocksStore store, Writes writes, OutgoingQueues outgoing,
      Durability durability, long syncIntervalMillis, long segmentBytes, String name) {
    if (durability == Durability.SYNC) {
      return null;
    }
    if (segmentBytes < CopyLogFormat.ACK_SIZE || segmentBytes > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("journal segment size out of range: " + segmentBytes);
    }
    String type = fileSystemType(directory);
    if (COPY_ON_WRITE.contains(type)) {
      LOG.info("{}: no journal of copies sent on a {} file system: copies to connected "
          + "subscribers wait for their PUBACKs or queue writes", store.path, type);
      return null;
    }
    CopyLog log = new CopyLog(directory, store, writes, outgoing, (int) segmentBytes,
        durability == Durability.INTERVAL);
    log.keeper = new JournalKeeper(log, store, writes, directory, durability,
        syncIntervalMillis, name);
    log.prepareSpare();
    return log;
  }

  /** Makes the journal's directory, once {@link CopyLogReplay} emptied it of segments. */
  static void prepareDirectory(Path directory) throws IOException {
    Files.createDirectories(directory);
  }

  private static String fileSystemType(Path directory) {
    try {
      return Files.getFileStore(directory).type().toLowerCase(java.util.Locale.ROOT);
    } catch (IOException e) {
      return "unknown";
    }
  }

  @Override
  public Entry record(String clientId, PublishPacket copy) {
    if (closing || writes.refusing()) {
      return null; // the copy is deferred, and written or refused, as without a journal
    }
    byte[] body = CopyLogFormat.copyBody(clientId, copy);
    int size = CopyLogFormat.copySize(body);
    synchronized (this) {
      JournalSegment segment = room(size);
      if (segment == null) {
        return null;
      }
      long id = nextId++;
      record = CopyLogFormat.appendCopy(record, 0, id, body);
      put(segment, size);
      segment.open++;
      // the range of the marks its deletion takes
      segment.firstId = Math.min(segment.firstId, id);
      segment.lastId = id;
      return new JournalCopy(id, segment);
    }
  }

  @Override
  public void acknowledged(Entry entry) {
    JournalCopy copy = (JournalCopy) entry;
    if (!copy.end()) {
      return;
    }
    synchronized (this) {
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
  }

  @Override
  public CompletionStage<Void> enqueue(String clientId, PublishPacket packet, Entry entry) {
    JournalCopy copy = (JournalCopy) entry;
    if (!copy.end()) { // ended already: its record's count is not taken twice
      return writes.adding(clientId, () -> outgoing.enqueue(clientId, packet));
    }
    CompletableFuture<Void> written;
    try {
      written = writes.adding(clientId, () -> {
        // a write that failed before may be in the store all the same (applied, then its fsync
        // failed): the queue then carries the copy already
        if (!outgoing.carries(clientId, packet.messageId())) {
          outgoing.enqueue(clientId, packet);
        }
        store.put(store.defaultFamily, CopyLogFormat.mark(copy.id), CopyLogFormat.EMPTY);
      });
    } catch (RuntimeException e) {
      copy.reopen();
      throw e;
    }
    // the returned stage completes after this: a caller that hears of a failure finds the
    // record open again
    return written.whenComplete((v, e) -> {
      if (e == null) {
        synchronized (this) {
          ended(copy.segment);
        }
      } else {
        // its publisher was acknowledged: the record stays, and its PUBACK or a later write
        // may still end it (until then it keeps its segment and every later one)
        copy.reopen();
        LOG.debug("{}: a journaled copy for client {} could not be written to its queue ({}); "
            + "its journal record stays until its PUBACK or a later write", store.path, clientId,
            e.toString()); // the store logs its failures once, and again when it recovers
      }
    });
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
    record = CopyLogFormat.appendAck(record, 0, id);
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

  /** Under the lock: a copy of {@code segment} ended; a closed one with none left may go. */
  private void ended(JournalSegment segment) {
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
   * Stops taking records and stops the keeper, then fsyncs the segments and gives their
   * mappings back (left to the garbage collector if the keeper did not stop, which may still
   * touch them); the next segment prepared goes. ACK records still waiting for a segment are
   * lost: their copies may come once more after the restart, as QoS 1 allows. Returns whether
   * the keeper stopped.
   */
  public boolean close() {
    closing = true;
    boolean stopped = keeper.close();
    synchronized (this) {
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
        if (stopped) {
          JournalSegment.unmap(segment.map);
        }
      }
      if (spare != null && stopped) {
        discard(spare);
        spare = null;
      }
    }
    return stopped;
  }
}
