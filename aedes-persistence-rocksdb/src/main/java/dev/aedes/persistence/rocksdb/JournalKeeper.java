package dev.aedes.persistence.rocksdb;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link CopyLog}'s file work off the event loops, on a thread of its own: the fsync of its
 * segments every sync interval ({@link Durability#INTERVAL}), and the deletion of segments
 * whose every copy ended, oldest first. With {@code interval}, the write-ahead log of the queue
 * writes that ended them is fsync'ed first, and the directory after, so a machine crash never
 * finds a copy in neither place beyond the stated loss window.
 */
final class JournalKeeper implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(JournalKeeper.class);
  private final CopyLog log;
  private final RocksStore store;
  private final Writes writes;
  private final Path directory;
  private final boolean interval;
  private final ScheduledExecutorService thread;
  private final AtomicBoolean collectQueued = new AtomicBoolean();
  private boolean syncFailing;

  JournalKeeper(CopyLog log, RocksStore store, Writes writes, Path directory,
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
      thread.scheduleWithFixedDelay(this::sync, syncIntervalMillis, syncIntervalMillis,
          TimeUnit.MILLISECONDS);
    }
  }

  /** Asks for a look at the oldest segments; any thread, cheap when one is queued. */
  void collectSoon() {
    if (collectQueued.compareAndSet(false, true)) {
      try {
        thread.execute(this::collect);
      } catch (RejectedExecutionException e) {
        collectQueued.set(false); // closed: the next open deletes them
      }
    }
  }

  /** A segment was created: with {@code interval} its directory entry is made durable. */
  void created() {
    if (interval) {
      try {
        thread.execute(() -> syncDirectory(directory));
      } catch (RejectedExecutionException e) {
        // closed
      }
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
        segment.channel.force(false);
        if (syncFailing) {
          syncFailing = false;
          LOG.info("{}: fsync of the journal of copies sent works again", store.path);
        }
      } catch (ClosedChannelException e) {
        // deleted meanwhile
      } catch (IOException e) {
        segment.dirty = true;
        if (!syncFailing) {
          syncFailing = true;
          LOG.warn("{}: fsync of journal segment {} failed: {}", store.path, segment.path,
              e.toString());
        }
      }
    }
  }

  private void collect() {
    collectQueued.set(false);
    if (!log.anyDone()) {
      return;
    }
    if (interval) {
      try {
        store.syncWal(); // the queue writes that ended these copies, durable before they go
      } catch (Exception e) {
        LOG.warn("{}: fsync before deleting journal segments failed, they stay: {}", store.path,
            e.toString());
        return;
      }
    }
    List<JournalSegment> gone = log.takeDone();
    for (JournalSegment segment : gone) {
      try {
        segment.channel.close();
        Files.deleteIfExists(segment.path);
      } catch (IOException e) {
        LOG.warn("{}: cannot delete journal segment {}: {}", store.path, segment.path,
            e.toString());
      }
    }
    if (gone.isEmpty()) {
      return;
    }
    if (interval) {
      syncDirectory(directory);
    }
    long from = Long.MAX_VALUE;
    long to = 0;
    for (JournalSegment segment : gone) {
      from = Math.min(from, segment.firstId);
      to = Math.max(to, segment.lastId + 1);
    }
    if (to > from) { // ids grow from segment to segment: only these segments' marks
      long first = from;
      long end = to;
      try {
        writes.write(() -> store.deleteRange(store.handles.get(0), CopyLogFormat.mark(first),
            CopyLogFormat.mark(end)));
      } catch (RuntimeException e) {
        // the store is closing: the next open deletes every mark
      }
    }
  }

  /** Fsyncs {@code directory} itself, so a file created or deleted in it stays so. */
  static void syncDirectory(Path directory) {
    try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
      dir.force(true);
    } catch (IOException e) {
      LOG.debug("cannot fsync directory {}: {}", directory, e.toString());
    }
  }

  /** Stops the thread, letting a running fsync or deletion finish (never interrupted). */
  @Override
  public void close() {
    thread.shutdown();
    try {
      if (!thread.awaitTermination(10, TimeUnit.SECONDS)) {
        LOG.warn("{}: the journal's thread did not stop within 10 s", store.path);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
