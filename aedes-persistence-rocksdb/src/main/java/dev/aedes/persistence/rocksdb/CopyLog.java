package dev.aedes.persistence.rocksdb;

import dev.aedes.packet.PublishPacket;
import dev.aedes.spi.CopyJournal;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link CopyJournal} of a store with {@link Durability#INTERVAL} or {@link Durability#NONE}:
 * segment files in {@code <store>/journal}, appended to with one {@code write(2)} per
 * {@link #flush}, never read while the store runs. A record is in the operating system once its
 * flush returns, so a killed JVM loses none; {@link JournalKeeper} fsyncs with {@code interval}.
 * See {@link CopyLogFormat} for the records.
 *
 * <p>A copy ends its record in one of two ways: its PUBACK (an ACK record, in a later batch) or
 * its write to the queue, which puts a mark under its id in the same RocksDB batch. A segment
 * whose every copy ended, and every segment before it, is deleted (then its marks). At open
 * {@link CopyLogReplay} puts the copies that ended neither way back into their queues.
 *
 * <p>A failed write closes its segment (whatever reached the file ends in a torn record, where
 * replay stops) and leaves the batch's copies to their PUBACK or their queue write, as without a
 * journal; its ACK records go with the next batch. While writes fail, a record is taken at most
 * once a second, to try again.
 *
 * <p>Locks: this object's for the files (a flush holds it across its write, so records reach the
 * file in id order), then a batch's, then a copy's (its state).
 */
final class CopyLog implements CopyJournal, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CopyLog.class);
  /** Segments past this size are closed, and deleted once every copy in them ended. */
  static final long SEGMENT_BYTES = 16L << 20;
  private static final long RETRY_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final Path directory;
  private final RocksStore store;
  private final Writes writes;
  private final OutgoingQueues outgoing;
  private final long segmentBytes;
  private JournalKeeper keeper;

  /**
   * Each thread's records since its last flush: an event loop's flush then completes the
   * stages of its own copies, on the loop their publishers' PUBACKs are written from.
   */
  private final ThreadLocal<JournalBatch> batches = ThreadLocal.withInitial(this::newBatch);
  /** Every live thread's batch, for {@link #close}; guarded by itself. */
  private final Map<Thread, JournalBatch> allBatches = new WeakHashMap<>();

  /** The segments not yet deleted, oldest first; the last may be {@link #current}. */
  private final ArrayDeque<JournalSegment> segments = new ArrayDeque<>();
  private JournalSegment current;
  private long nextId = 1;
  private long nextNumber = 1;
  private byte[] buffer = new byte[64 * 1024];
  /** No more records: {@link #close} began. */
  private volatile boolean closing;
  private boolean closed;
  /** The last write failed: a record is taken again from {@link #retryAt} on. */
  private volatile boolean failing;
  private volatile long retryAt;

  private CopyLog(Path directory, RocksStore store, Writes writes, OutgoingQueues outgoing,
      long segmentBytes) {
    this.directory = directory;
    this.store = store;
    this.writes = writes;
    this.outgoing = outgoing;
    this.segmentBytes = segmentBytes;
  }

  /**
   * The journal of a store with {@code durability} (none with {@link Durability#SYNC}: a record
   * would need its own fsync), in {@code directory}, which {@link CopyLogReplay} emptied.
   */
  static CopyLog open(Path directory, RocksStore store, Writes writes, OutgoingQueues outgoing,
      Durability durability, long syncIntervalMillis, long segmentBytes, String name) {
    if (durability == Durability.SYNC) {
      return null;
    }
    CopyLog log = new CopyLog(directory, store, writes, outgoing, segmentBytes);
    log.keeper = new JournalKeeper(log, store, writes, directory, durability,
        syncIntervalMillis, name);
    return log;
  }

  @Override
  public Entry record(String clientId, PublishPacket copy, CompletableFuture<Void> durable) {
    if (closing || failing && System.nanoTime() - retryAt < 0 || writes.refusing()) {
      return null; // the copy is deferred, and written or refused, as without a journal
    }
    // encoded here, on the copy's own path, rather than by the flush after the turn's reads
    JournalCopy recorded = new JournalCopy(CopyLogFormat.copyBody(clientId, copy), durable);
    batches.get().add(recorded);
    return recorded;
  }

  @Override
  public void acknowledged(Entry entry) {
    JournalCopy copy = (JournalCopy) entry;
    JournalSegment segment;
    long id;
    synchronized (copy) {
      if (copy.ended) {
        return;
      }
      copy.ended = true;
      segment = copy.segment;
      id = copy.id;
    }
    if (segment == null) {
      return; // not written yet: the flush leaves it out
    }
    batches.get().ack(id, segment); // counted off the segment by the flush
  }

  @Override
  public CompletionStage<Void> enqueue(String clientId, PublishPacket packet, Entry entry) {
    JournalCopy copy = (JournalCopy) entry;
    JournalSegment segment;
    long id;
    synchronized (copy) {
      if (copy.ended) {
        segment = null; // ended already: its record's count is not taken twice
      } else {
        copy.ended = true;
        segment = copy.segment;
      }
      id = copy.id;
    }
    if (segment == null) {
      return writes.adding(clientId, () -> outgoing.enqueue(clientId, packet));
    }
    CompletableFuture<Void> written = writes.adding(clientId, () -> {
      outgoing.enqueue(clientId, packet);
      store.put(store.defaultFamily, CopyLogFormat.mark(id), CopyLogFormat.EMPTY);
    });
    written.whenComplete((v, e) -> {
      if (e == null) {
        ended(segment, 1);
      } else {
        // its publisher was acknowledged: the record stays, and with it its segment and every
        // later one, until a restart puts the copy back in its queue
        LOG.warn("{}: a journaled copy for client {} could not be written to its queue ({}); "
            + "its journal record is kept until the next start", store.path, clientId,
            e.toString());
      }
    });
    return written;
  }

  private JournalBatch newBatch() {
    JournalBatch batch = new JournalBatch();
    synchronized (allBatches) {
      allBatches.put(Thread.currentThread(), batch);
    }
    return batch;
  }

  /** Writes this thread's records. */
  @Override
  public void flush() {
    flush(batches.get());
  }

  private void flush(JournalBatch batch) {
    if (batch.isEmpty()) {
      return; // most flush tasks of a turn after its first: no lock taken
    }
    List<JournalCopy> written;
    synchronized (this) {
      JournalBatch.Taken taken = batch.take();
      if (taken == null) {
        return;
      }
      for (JournalBatch.Ended ended : taken.ended()) {
        ended(ended.segment, ended.count);
      }
      if (closed) {
        return;
      }
      written = write(taken, batch);
    }
    for (JournalCopy copy : written) {
      copy.durable.complete(null);
    }
  }

  /** Under the lock: writes the batch; returns the copies whose records it wrote. */
  private List<JournalCopy> write(JournalBatch.Taken taken, JournalBatch batch) {
    JournalSegment segment;
    try {
      segment = current();
    } catch (IOException e) {
      return failed(e, null, taken, batch);
    }
    List<JournalCopy> written = new ArrayList<>(taken.copies().size());
    int length = 0;
    // counted on the segment before any copy names it, so that its count never reaches 0 while
    // one of them is open; one update for the batch, not one per copy
    segment.open.addAndGet(taken.copies().size());
    try {
      for (JournalCopy copy : taken.copies()) {
        byte[] body;
        synchronized (copy) {
          body = copy.body;
          copy.body = null;
          if (copy.ended) {
            continue; // acknowledged or written before its record: none needed
          }
          copy.id = nextId++;
          copy.segment = segment;
        }
        // the range of the marks its deletion takes, even if this write fails
        segment.firstId = Math.min(segment.firstId, copy.id);
        segment.lastId = copy.id;
        buffer = CopyLogFormat.appendCopy(buffer, length, copy.id, body);
        length += CopyLogFormat.length(buffer, length);
        written.add(copy);
      }
      for (int i = 0; i < taken.ackCount(); i++) {
        buffer = CopyLogFormat.appendAck(buffer, length, taken.acks()[i]);
        length += CopyLogFormat.length(buffer, length);
      }
      ByteBuffer bytes = ByteBuffer.wrap(buffer, 0, length);
      while (bytes.hasRemaining()) {
        segment.channel.write(bytes);
      }
    } catch (IOException | RuntimeException e) {
      return failed(e, segment, taken, batch);
    } finally {
      // those that took no id here (ended before, or after a failure) are not in the segment
      ended(segment, taken.copies().size() - written.size());
    }
    segment.size += length;
    segment.dirty = true;
    if (failing) {
      failing = false;
      LOG.info("{}: the journal of copies sent writes again", store.path);
    }
    if (buffer.length > (1 << 20)) {
      buffer = new byte[64 * 1024]; // one large batch does not keep a large buffer
    }
    if (segment.size >= segmentBytes) {
      close(segment);
    }
    return written;
  }

  /**
   * Under the lock, a write failed: its segment takes no more records (it may end in a torn
   * one); its copies keep their ids, so their PUBACK or queue write still ends them, but their
   * publishers wait for that, as without a journal; its ACK records go with the next batch.
   */
  private List<JournalCopy> failed(Exception e, JournalSegment segment, JournalBatch.Taken taken,
      JournalBatch batch) {
    if (segment != null) {
      close(segment);
    }
    batch.ackAgain(taken);
    retryAt = System.nanoTime() + RETRY_NANOS;
    if (!failing) {
      failing = true;
      LOG.warn("{}: writing the journal of copies sent failed ({}); their publishers wait for "
          + "the copies' PUBACKs or queue writes until it writes again", store.path,
          e.toString());
    }
    return List.of();
  }

  /** Under the lock: the segment takes no more records; it goes once its copies ended. */
  private void close(JournalSegment segment) {
    segment.closed = true;
    if (current == segment) {
      current = null;
    }
    keeper.collectSoon();
  }

  /** Under the lock: the segment records go to, opened when there is none. */
  private JournalSegment current() throws IOException {
    if (current == null) {
      Files.createDirectories(directory);
      long number = nextNumber++;
      Path path = directory.resolve(CopyLogFormat.segmentName(number));
      FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE_NEW,
          StandardOpenOption.WRITE);
      current = new JournalSegment(number, path, channel);
      segments.addLast(current);
      keeper.created();
    }
    return current;
  }

  /** {@code count} copies of {@code segment} ended: a closed segment with none left may go. */
  private void ended(JournalSegment segment, int count) {
    if (count > 0 && segment.open.addAndGet(-count) == 0 && segment.closed) {
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
   * Stops taking records, stops the keeper, writes every thread's pending records (ACK records
   * spare a restart duplicates), then fsyncs and closes the files.
   */
  @Override
  public void close() {
    closing = true;
    keeper.close();
    List<JournalBatch> pending;
    synchronized (allBatches) {
      pending = new ArrayList<>(allBatches.values());
    }
    for (JournalBatch batch : pending) {
      flush(batch);
    }
    synchronized (this) {
      closed = true;
      for (JournalSegment segment : segments) {
        try {
          if (segment.dirty) {
            segment.channel.force(false);
          }
          segment.channel.close();
        } catch (IOException e) {
          LOG.warn("{}: closing journal segment {}: {}", store.path, segment.path, e.toString());
        }
      }
    }
  }
}
