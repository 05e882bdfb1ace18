package dev.aedes.persistence.rocksdb;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fsyncs a {@link CopyLog}'s segments every sync interval ({@link Durability#INTERVAL}), on a
 * thread of its own: the loss window on a machine crash is the store's own.
 */
final class JournalSync implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(JournalSync.class);
  private final CopyLog log;
  private final ScheduledExecutorService timer;
  private boolean failing;

  JournalSync(CopyLog log, long intervalMillis, String name) {
    this.log = log;
    this.timer = Executors.newSingleThreadScheduledExecutor(task -> {
      Thread thread = new Thread(task, name + " journal sync");
      thread.setDaemon(true);
      return thread;
    });
    timer.scheduleWithFixedDelay(this::sync, intervalMillis, intervalMillis,
        TimeUnit.MILLISECONDS);
  }

  /** Fsyncs every segment written since its last fsync. */
  void sync() {
    for (CopyLog.Segment segment : log.segments()) {
      if (!segment.dirty) {
        continue;
      }
      segment.dirty = false;
      try {
        segment.channel.force(false);
        if (failing) {
          failing = false;
          LOG.info("fsync of the journal of copies sent works again");
        }
      } catch (ClosedChannelException e) {
        // deleted meanwhile
      } catch (IOException e) {
        segment.dirty = true;
        if (!failing) {
          failing = true;
          LOG.warn("fsync of journal segment {} failed: {}", segment.path, e.toString());
        }
      }
    }
  }

  /** Fsyncs {@code directory} itself, so the deletion of a file in it is durable. */
  static void syncDirectory(Path directory) {
    try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
      dir.force(true);
    } catch (IOException e) {
      LOG.debug("cannot fsync directory {}: {}", directory, e.toString());
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
