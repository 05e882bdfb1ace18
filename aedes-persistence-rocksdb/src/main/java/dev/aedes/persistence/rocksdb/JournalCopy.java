package dev.aedes.persistence.rocksdb;

import dev.aedes.spi.CopyJournal;
import java.util.concurrent.CompletableFuture;

/** A copy a {@link CopyLog} recorded; its state is guarded by itself. */
final class JournalCopy implements CopyJournal.Entry {
  /** The record's body ({@link CopyLogFormat#copyBody}) until it is written, then null. */
  byte[] body;
  final CompletableFuture<Void> durable;
  /** 0 until its record is in a batch being written. */
  long id;
  JournalSegment segment;
  /** Acknowledged or given to its queue write: no more records, and no record at all yet. */
  boolean ended;

  JournalCopy(byte[] body, CompletableFuture<Void> durable) {
    this.body = body;
    this.durable = durable;
  }
}
