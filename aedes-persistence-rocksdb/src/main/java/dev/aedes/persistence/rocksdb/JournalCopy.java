package dev.aedes.persistence.rocksdb;

import dev.aedes.spi.CopyJournal;

/** A copy a {@link CopyLog} recorded: its record's id and segment. */
final class JournalCopy implements CopyJournal.Entry {
  final long id;
  final JournalSegment segment;
  /** Acknowledged or given to its queue write: its end is counted once. */
  private boolean ended;

  JournalCopy(long id, JournalSegment segment) {
    this.id = id;
    this.segment = segment;
  }

  /** True the first time only (or the first time since {@link #reopen}). */
  synchronized boolean end() {
    if (ended) {
      return false;
    }
    ended = true;
    return true;
  }

  /** Its queue write failed: its PUBACK or a later write may end it. */
  synchronized void reopen() {
    ended = false;
  }
}
