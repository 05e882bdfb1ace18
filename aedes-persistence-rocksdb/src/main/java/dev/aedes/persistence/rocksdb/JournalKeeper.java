package dev.aedes.persistence.rocksdb;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link CopyLog}'s file work off the event loops, on a thread of its own: the next segment
 * prepared ahead, the fsync of the segments every sync interval ({@link Durability#INTERVAL}),
 * and the deletion of segments whose every copy ended, oldest first. With {@code interval}, the
 * write-ahead log of the queue writes that ended them is fsync'ed first, and the directory
 * after, so a machine crash never finds a copy in neither place beyond the stated loss window.
 */
final class JournalKeeper {
  private static final Logger LOG = LoggerFactory.getLogger(JournalKeeper.class);
  private final JournalSegments log;
  private final RocksStore store;
  private final Writes writes;
  private final Path directory;
  private final boolean interval;
  private final ScheduledExecutorService thread;
  private final AtomicBoolean collectQueued = new AtomicBoolean();
  private final AtomicBoolean prepareQueued = new AtomicBoolean();

  private boolean syncFailing;
  /** Closing: no more fsyncs of the store nor writes to it (it closes next). */
  private volatile boolean stopped;

  JournalKeeper(JournalSegments log, RocksStore store, Writes writes, Path directory,
      Durability durability, long syncIntervalMillis, String name) {
    this.log = log;
    this.store = store;
    this.writes = writes;
    this.directory = directory;
    this.interval = durability == Durability.INTERVAL;
    this.thread = Executors.newSingleThreadScheduledExecutor(task -> {
      Thread keeper = new Thread(task, name + " journal");
      keeper.setDaemon(true);
      return keeper;
    });
    if (interval) {
      thread.scheduleWithFixedDelay(this::syncLogged, syncIntervalMillis, syncIntervalMillis,
          TimeUnit.MILLISECONDS);
    }
  }

  /** Asks for a look at the oldest segments; any thread, cheap when one is queued. */
  void collectSoon() {
    if (collectQueued.compareAndSet(false, true)) {
      try {
        thread.execute(() -> {
          try {
            collect();
          } catch (RuntimeException e) {
            LOG.warn("{}: deleting journal segments failed: {}", store.path, e.toString());
          }
        });
      } catch (RejectedExecutionException e) {
        collectQueued.set(false); // closed: the next open deletes them
      }
    }
  }

  /** Asks for the next segment to be prepared after {@code nanos}. */
  void prepareLater(long nanos) {
    try {
      thread.schedule(this::prepareSoon, nanos, TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      // closed
    }
  }

  /** Asks for the next segment to be prepared; any thread, cheap when it is queued. */
  void prepareSoon() {
    if (prepareQueued.compareAndSet(false, true)) {
      try {
        thread.execute(() -> {
          prepareQueued.set(false);
          if (!stopped) {
            log.prepareSpare();
          }
        });
      } catch (RejectedExecutionException e) {
        prepareQueued.set(false); // closed
      }
    }
  }



  /** A failure must not end the periodic fsync (a scheduled task that throws is cancelled). */
  private void syncLogged() {
    try {
      sync();
    } catch (RuntimeException e) {
      LOG.warn("{}: journal fsync failed: {}", store.path, e.toString());
    }
  }

  /** Fsyncs every segment written since its last fsync. */
  private void sync() {
    for (JournalSegment segment : log.segments()) {
      if (!segment.dirty) {
        continue;
      }
      segment.dirty = false;
      try {
        // what is written so far: not the zeros ahead. Segments are unmapped on this thread
        // only, or after it ended
        segment.map.force(0, log.written(segment));
        if (syncFailing) {
          syncFailing = false;
          LOG.info("{}: fsync of the journal of copies sent works again", store.path);
        }
      } catch (RuntimeException e) {
        segment.dirty = true;
        if (!syncFailing) {
          syncFailing = true;
          LOG.warn("{}: fsync of journal segment {} failed: {}", store.path, segment.path,
              e.toString());
        }
      }
    }
  }

  /**
   * Deletes the oldest segments whose copies all ended: taken off the log first (being done
   * never reverts), then with {@code interval} the write-ahead log fsync'ed (the queue writes
   * that ended them), then deleted in order; the ones not deleted go back, to be tried again.
   * The marks go only for the segments deleted.
   */
  private void collect() {
    collectQueued.set(false);
    if (stopped) {
      return;
    }
    List<JournalSegment> done = log.takeDone();
    if (done.isEmpty()) {
      return;
    }
    if (interval) {
      try {
        store.syncWal();
      } catch (Exception e) {
        log.putBack(done);
        LOG.warn("{}: fsync before deleting journal segments failed, they stay: {}", store.path,
            e.toString());
        return;
      }
    }
    List<JournalSegment> deleted = new ArrayList<>();
    for (JournalSegment segment : done) {
      try {
        Files.deleteIfExists(segment.path);
        JournalSegment.unmap(segment.map); // done: no thread writes to it any more
        deleted.add(segment);
      } catch (IOException e) {
        LOG.warn("{}: cannot delete journal segment {}: {}", store.path, segment.path,
            e.toString());
        break;
      }
    }
    if (deleted.size() < done.size()) {
      log.putBack(done.subList(deleted.size(), done.size()));
    }
    if (deleted.isEmpty()) {
      return;
    }
    if (interval) {
      syncDirectory(directory);
    }
    deleteMarks(deleted);
  }

  private void deleteMarks(List<JournalSegment> deleted) {
    long from = Long.MAX_VALUE;
    long to = 0;
    for (JournalSegment segment : deleted) {
      from = Math.min(from, segment.firstId);
      to = Math.max(to, segment.lastId + 1);
    }
    if (to > from) { // ids grow from segment to segment: only these segments' marks
      long first = from;
      long end = to;
      try {
        writes.write(() -> store.deleteRange(store.defaultFamily, CopyLogFormat.mark(first),
            CopyLogFormat.mark(end)));
      } catch (RuntimeException e) {
        // the store is closing: the next open deletes every mark
      }
    }
  }

  /** Fsyncs {@code directory} itself, so a file created or deleted in it stays so. */
  static void syncDirectory(Path directory) {
    try {
      forceDirectory(directory);
    } catch (IOException e) {
      LOG.debug("cannot fsync directory {}: {}", directory, e.toString());
    }
  }

  /** {@link #syncDirectory}, failing when it cannot. */
  static void forceDirectory(Path directory) throws IOException {
    try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
      dir.force(true);
    }
  }

  /**
   * Stops the thread, letting a running fsync or deletion finish (never interrupted); false if
   * it did not stop within 10 s.
   */
  public boolean close() {
    stopped = true;
    thread.shutdown();
    try {
      if (thread.awaitTermination(10, TimeUnit.SECONDS)) {
        return true;
      }
      LOG.warn("{}: the journal's thread did not stop within 10 s", store.path);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return false;
  }
}
