package dev.aedes.persistence.rocksdb;

import dev.aedes.packet.PublishPacket;
import dev.aedes.spi.CopyJournal;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link CopyJournal} of a store with {@link Durability#INTERVAL} or {@link Durability#NONE}:
 * segment files in {@code <store>/journal}, mapped into memory and never read while the store
 * runs ({@link JournalSegments}). A record is in the operating system when {@link #record}
 * returns, so a killed JVM loses none; {@link JournalKeeper} fsyncs with {@code interval}. See
 * {@link CopyLogFormat} for the records.
 *
 * <p>A copy ends its record in one of two ways: its PUBACK (an ACK record) or its write to the
 * queue, which puts a mark under its id in the same RocksDB batch. A segment whose every copy
 * ended, and every segment before it, is deleted (then its marks). At open
 * {@link CopyLogReplay} puts the copies that ended neither way back into their queues. A copy
 * the journal has no room for goes as without a journal: its publisher waits for its PUBACK or
 * its queue write.
 */
final class CopyLog implements CopyJournal {
  private static final Logger LOG = LoggerFactory.getLogger(CopyLog.class);
  /** Segments past this size are closed, and deleted once every copy in them ended. */
  static final long SEGMENT_BYTES = 16L << 20;
  private static final java.util.Set<String> COPY_ON_WRITE =
      java.util.Set.of("btrfs", "zfs", "bcachefs");

  private final RocksStore store;
  private final Writes writes;
  private final OutgoingQueues outgoing;
  private final JournalSegments segments;
  private JournalKeeper keeper;
  /** No more records: {@link #close} began. */
  private volatile boolean closing;

  private CopyLog(RocksStore store, Writes writes, OutgoingQueues outgoing,
      JournalSegments segments) {
    this.store = store;
    this.writes = writes;
    this.outgoing = outgoing;
    this.segments = segments;
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
    JournalSegments segments = new JournalSegments(directory, store, (int) segmentBytes,
        durability == Durability.INTERVAL);
    CopyLog log = new CopyLog(store, writes, outgoing, segments);
    log.keeper = new JournalKeeper(segments, store, writes, directory, durability,
        syncIntervalMillis, name);
    segments.keeper = log.keeper;
    segments.prepareSpare();
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
    return segments.append(CopyLogFormat.copyBody(clientId, copy));
  }

  @Override
  public void acknowledged(Entry entry) {
    JournalCopy copy = (JournalCopy) entry;
    if (copy.end()) {
      segments.acknowledged(copy);
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
        segments.ended(copy.segment);
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

  /** The segments not yet deleted (tests). */
  List<JournalSegment> segments() {
    return segments.segments();
  }

  /** How many ACK records wait for a segment (tests). */
  int pendingAcks() {
    return segments.pendingAcks();
  }

  /** Whether no segment could be prepared lately (tests). */
  boolean failing() {
    return segments.failing();
  }

  /**
   * Stops taking records and stops the keeper, then closes the segments
   * ({@link JournalSegments#close}); returns whether the keeper stopped.
   */
  public boolean close() {
    closing = true;
    boolean stopped = keeper.close();
    segments.close(stopped);
    return stopped;
  }
}
