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
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link CopyJournal} of a store with {@link Durability#INTERVAL} or {@link Durability#NONE}:
 * segment files in {@code <store>/journal}, appended to with one {@code write(2)} per
 * {@link #flush}, never read while the store runs. A record is in the operating system once its
 * flush returns, so a killed JVM loses none; {@link JournalSync} fsyncs with {@code interval}.
 * See {@link CopyLogFormat} for the records.
 *
 * <p>A copy ends its record in one of two ways: its PUBACK (an ACK record, in a later batch) or
 * its write to the queue, which puts a mark under its id in the same RocksDB batch. A segment
 * whose every copy ended, and every segment before it, is deleted (then its marks). At open
 * {@link CopyLogReplay} puts the copies that ended neither way back into their queues.
 *
 * <p>Locks: the pending records' own; this object's for the files (a flush holds it across
 * its write, so records reach the file in id order); each copy's for its state.
 */
final class CopyLog implements CopyJournal, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CopyLog.class);
  /** Segments past this size are closed, and deleted once every copy in them ended. */
  static final long SEGMENT_BYTES = 16L << 20;

  private final Path directory;
  private final RocksStore store;
  private final Writes writes;
  private final OutgoingQueues outgoing;
  private final long segmentBytes;
  private final boolean syncDeletes;
  /** Fsyncs the segments ({@link Durability#INTERVAL}), or null. */
  private JournalSync sync;

  /**
   * Each thread's records since its last flush: an event loop's flush then completes the
   * stages of its own copies, on the loop their publishers' PUBACKs are written from.
   */
  private final ThreadLocal<Batch> batches = ThreadLocal.withInitial(this::newBatch);
  /** Every thread's batch, for {@link #close}. */
  private final List<Batch> allBatches = new CopyOnWriteArrayList<>();

  /** The segments not yet deleted, oldest first; the last may be {@link #current}. */
  private final ArrayDeque<Segment> segments = new ArrayDeque<>();
  private Segment current;
  private long nextId = 1;
  private long nextNumber = 1;
  private byte[] buffer = new byte[64 * 1024];
  private volatile boolean closed;
  /** A failed write was logged; the next success is too. */
  private boolean failing;

  /** A copy recorded: its state is guarded by itself. */
  static final class Copy implements CopyJournal.Entry {
    final String clientId;
    final PublishPacket packet;
    final CompletableFuture<Void> durable;
    /** 0 until its record is written. */
    long id;
    Segment segment;
    /** Acknowledged or given to its queue write: no more records, and no record at all yet. */
    boolean ended;

    Copy(String clientId, PublishPacket packet, CompletableFuture<Void> durable) {
      this.clientId = clientId;
      this.packet = packet;
      this.durable = durable;
    }
  }

  /** One thread's records not yet written; guarded by itself (a flush may swap it). */
  private static final class Batch {
    List<Copy> copies = new ArrayList<>();
    long[] acks = new long[64];
    int ackCount;

    synchronized void add(Copy copy) {
      copies.add(copy);
    }

    synchronized void ack(long id) {
      if (ackCount == acks.length) {
        acks = Arrays.copyOf(acks, acks.length * 2);
      }
      acks[ackCount++] = id;
    }
  }

  /** A segment file and how many of its copies have not ended. */
  static final class Segment {
    final long number;
    final Path path;
    final FileChannel channel;
    final AtomicInteger open = new AtomicInteger();
    long firstId = Long.MAX_VALUE;
    long lastId;
    long size;
    /** Takes no more records (set under the log's lock). */
    volatile boolean closed;
    /** Written since its last fsync. */
    volatile boolean dirty;

    Segment(long number, Path path, FileChannel channel) {
      this.number = number;
      this.path = path;
      this.channel = channel;
    }
  }

  private CopyLog(Path directory, RocksStore store, Writes writes, OutgoingQueues outgoing,
      long segmentBytes, boolean syncDeletes) {
    this.directory = directory;
    this.store = store;
    this.writes = writes;
    this.outgoing = outgoing;
    this.segmentBytes = segmentBytes;
    this.syncDeletes = syncDeletes;
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
    boolean interval = durability == Durability.INTERVAL;
    CopyLog log = new CopyLog(directory, store, writes, outgoing, segmentBytes, interval);
    if (interval) {
      log.sync = new JournalSync(log, syncIntervalMillis, name);
    }
    return log;
  }

  @Override
  public Entry record(String clientId, PublishPacket copy, CompletableFuture<Void> durable) {
    if (closed || writes.refusing()) {
      return null; // the disk is full or failing: the copy is written, and refused, as before
    }
    Copy recorded = new Copy(clientId, copy, durable);
    batches.get().add(recorded);
    return recorded;
  }

  @Override
  public void acknowledged(Entry entry) {
    Copy copy = (Copy) entry;
    Segment segment;
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
    batches.get().ack(id);
    ended(segment);
  }

  @Override
  public CompletionStage<Void> enqueue(String clientId, PublishPacket packet, Entry entry) {
    Copy copy = (Copy) entry;
    Segment segment;
    long id;
    synchronized (copy) {
      copy.ended = true;
      segment = copy.segment;
      id = copy.id;
    }
    if (segment == null) {
      return writes.adding(clientId, () -> outgoing.enqueue(clientId, packet));
    }
    CompletableFuture<Void> written = writes.adding(clientId, () -> {
      outgoing.enqueue(clientId, packet);
      store.put(store.handles.get(0), CopyLogFormat.mark(id), CopyLogFormat.EMPTY);
    });
    // a failed write leaves the copy's record open: it is put back at the next start
    written.thenRun(() -> ended(segment));
    return written;
  }

  private Batch newBatch() {
    Batch batch = new Batch();
    allBatches.add(batch);
    return batch;
  }

  /** Writes this thread's records. */
  @Override
  public void flush() {
    flush(batches.get());
  }

  private void flush(Batch batch) {
    List<Copy> copies;
    List<Copy> written;
    synchronized (this) {
      long[] acks;
      int ackCount;
      synchronized (batch) {
        if (batch.copies.isEmpty() && batch.ackCount == 0) {
          return;
        }
        copies = batch.copies;
        batch.copies = new ArrayList<>();
        acks = batch.acks;
        ackCount = batch.ackCount;
        batch.acks = new long[Math.max(64, ackCount)];
        batch.ackCount = 0;
      }
      if (closed) {
        return; // each copy is left to its PUBACK or its write
      }
      written = write(copies, acks, ackCount);
    }
    for (Copy copy : written) {
      copy.durable.complete(null);
    }
  }

  /** Under the lock: writes the batch; returns the copies whose records it wrote. */
  private List<Copy> write(List<Copy> copies, long[] acks, int ackCount) {
    Segment segment;
    try {
      segment = current();
    } catch (IOException e) {
      failed(e);
      return List.of();
    }
    List<Copy> written = new ArrayList<>(copies.size());
    int length = 0;
    for (Copy copy : copies) {
      synchronized (copy) {
        if (copy.ended) {
          continue; // acknowledged or written before its record: none needed
        }
        copy.id = nextId++;
        copy.segment = segment;
        segment.open.incrementAndGet();
      }
      buffer = CopyLogFormat.appendCopy(buffer, length, copy.id, copy.clientId, copy.packet);
      length += CopyLogFormat.length(buffer, length);
      written.add(copy);
    }
    for (int i = 0; i < ackCount; i++) {
      buffer = CopyLogFormat.appendAck(buffer, length, acks[i]);
      length += CopyLogFormat.length(buffer, length);
    }
    try {
      ByteBuffer bytes = ByteBuffer.wrap(buffer, 0, length);
      while (bytes.hasRemaining()) {
        segment.channel.write(bytes);
      }
    } catch (IOException e) {
      undo(written, segment);
      failed(e);
      return List.of();
    }
    if (!written.isEmpty()) {
      segment.firstId = Math.min(segment.firstId, written.get(0).id);
      segment.lastId = written.get(written.size() - 1).id;
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
      segment.closed = true;
      current = null;
      collect();
    }
    return written;
  }

  /** The copies of a failed write have no record: left to their PUBACK or their write. */
  private void undo(List<Copy> written, Segment segment) {
    for (Copy copy : written) {
      synchronized (copy) {
        if (copy.segment == segment && !copy.ended) {
          copy.segment = null;
          copy.id = 0;
          segment.open.decrementAndGet();
        }
      }
    }
    // what reached the file may end in a torn record: the segment takes no more
    segment.closed = true;
    current = null;
    collect();
  }

  private void failed(IOException e) {
    if (!failing) {
      failing = true;
      LOG.warn("{}: writing the journal of copies sent failed ({}); copies are written to their "
          + "queues before their publishers are acknowledged until it writes again", store.path,
          e.toString());
    }
  }

  /** Under the lock: the segment records go to, opened when there is none. */
  private Segment current() throws IOException {
    if (current == null) {
      Files.createDirectories(directory);
      long number = nextNumber++;
      Path path = directory.resolve(CopyLogFormat.segmentName(number));
      FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE_NEW,
          StandardOpenOption.WRITE);
      current = new Segment(number, path, channel);
      segments.addLast(current);
    }
    return current;
  }

  /** A copy of {@code segment} ended: a closed segment with none left may go. */
  private void ended(Segment segment) {
    if (segment.open.decrementAndGet() == 0 && segment.closed) {
      synchronized (this) {
        collect();
      }
    }
  }

  /**
   * Under the lock: deletes the oldest segments while each is closed with no open copy, then
   * their marks. Only from the oldest: an ACK record in a later segment must outlive the copy.
   */
  private void collect() {
    boolean deleted = false;
    while (!segments.isEmpty()) {
      Segment oldest = segments.peekFirst();
      if (!oldest.closed || oldest.open.get() > 0) {
        break;
      }
      try {
        oldest.channel.close();
        Files.deleteIfExists(oldest.path);
      } catch (IOException e) {
        LOG.warn("{}: cannot delete journal segment {}: {}", store.path, oldest.path, e.toString());
        break;
      }
      segments.removeFirst();
      deleted = true;
      if (oldest.lastId >= oldest.firstId) {
        long from = oldest.firstId;
        long to = oldest.lastId + 1;
        try {
          writes.write(() -> store.deleteRange(store.handles.get(0), CopyLogFormat.mark(from),
              CopyLogFormat.mark(to)));
        } catch (RuntimeException e) {
          // the store is closing: the next open deletes every mark
        }
      }
    }
    if (deleted && syncDeletes) {
      JournalSync.syncDirectory(directory);
    }
  }

  /** The segments not yet deleted (for the syncer and for tests). */
  synchronized List<Segment> segments() {
    return new ArrayList<>(segments);
  }

  /**
   * Writes every thread's pending records (ACK records spare a restart duplicates), then
   * closes the files; later records are refused.
   */
  @Override
  public void close() {
    if (sync != null) {
      sync.close();
    }
    for (Batch batch : allBatches) {
      flush(batch);
    }
    synchronized (this) {
      closed = true;
      for (Segment segment : segments) {
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
