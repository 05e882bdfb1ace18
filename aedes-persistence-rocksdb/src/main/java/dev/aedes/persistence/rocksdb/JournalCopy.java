package dev.aedes.persistence.rocksdb;

import dev.aedes.packet.PublishPacket;
import dev.aedes.spi.CopyJournal;
import java.util.concurrent.CompletableFuture;

/** A copy a {@link CopyLog} recorded; its state is guarded by itself. */
final class JournalCopy implements CopyJournal.Entry {
  final String clientId;
  final PublishPacket packet;
  final CompletableFuture<Void> durable;
  /** 0 until its record is in a batch being written. */
  long id;
  JournalSegment segment;
  /** Acknowledged or given to its queue write: no more records, and no record at all yet. */
  boolean ended;

  JournalCopy(String clientId, PublishPacket packet, CompletableFuture<Void> durable) {
    this.clientId = clientId;
    this.packet = packet;
    this.durable = durable;
  }
}
