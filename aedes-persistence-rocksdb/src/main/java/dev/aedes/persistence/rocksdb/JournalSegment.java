package dev.aedes.persistence.rocksdb;

import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A segment file of a {@link CopyLog}, and how many of the copies recorded in it have not
 * ended. Its size, ids and {@code closed} change under the log's lock only.
 */
final class JournalSegment {
  final long number;
  final Path path;
  final FileChannel channel;
  /** Copies recorded here that neither their PUBACK nor their queue write ended yet. */
  final AtomicInteger open = new AtomicInteger();
  long firstId = Long.MAX_VALUE;
  long lastId;
  long size;
  /** Takes no more records: full, or a write to it failed. */
  volatile boolean closed;
  /** Written since its last fsync. */
  volatile boolean dirty;

  JournalSegment(long number, Path path, FileChannel channel) {
    this.number = number;
    this.path = path;
    this.channel = channel;
  }

  /** Whether it may be deleted: closed, every copy in it ended. */
  boolean done() {
    return closed && open.get() == 0;
  }
}
