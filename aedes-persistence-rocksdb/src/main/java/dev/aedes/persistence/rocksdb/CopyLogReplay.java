package dev.aedes.persistence.rocksdb;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At open, before the writer starts: puts the copies a {@link CopyLog} recorded that ended
 * neither by their PUBACK nor by their queue write back into their queues, with their message
 * ids (re-sent with DUP when the session resumes), then deletes the segments and the marks.
 *
 * <p>A copy whose client's queue already holds an entry under its message id, or that a later
 * copy of the same client recorded again under that id (ended since or not), is left out: its
 * id was freed by a PUBACK whose ACK record did not reach the file, and taken again. Only the
 * copies not ended are held in memory while the segments are read.
 */
final class CopyLogReplay {
  // the persistence's name, as operators know its logs by it
  private static final Logger LOG = LoggerFactory.getLogger(RocksPersistence.class);

  private CopyLogReplay() {
  }

  private record Recorded(String clientId, byte[] packet) {
  }

  /** Returns how many copies it put back. */
  static int replay(Path directory, RocksStore store, OutgoingQueues outgoing)
      throws IOException, RocksDBException {
    if (!Files.isDirectory(directory)) {
      clearMarks(store); // ids start again at 1: no mark may outlive its journal
      return 0;
    }
    long started = System.nanoTime();
    TreeMap<Long, Path> segments = segments(directory);
    Map<Long, Recorded> open = new LinkedHashMap<>();
    Map<String, Long> lastById = new HashMap<>();
    int records = 0;
    for (Path segment : segments.values()) {
      byte[] bytes = Files.readAllBytes(segment);
      int offset = 0;
      while (!CopyLogFormat.endsAt(bytes, offset, bytes.length)) {
        CopyLogFormat.Read read = CopyLogFormat.read(bytes, offset, bytes.length);
        if (read == null) {
          LOG.warn("{}: journal segment {} ends in a torn record at byte {} of {} (a crash in "
              + "its write); the rest of it is ignored", store.path, segment.getFileName(),
              offset, bytes.length);
          break;
        }
        records++;
        if (read.type() == CopyLogFormat.COPY) {
          Recorded copy = new Recorded(read.clientId(), read.packet());
          lastById.put(key(copy), read.id());
          if (store.db.get(store.defaultFamily, CopyLogFormat.mark(read.id())) == null) {
            open.put(read.id(), copy); // not written to its queue
          }
        } else {
          open.remove(read.id());
        }
        offset += read.size();
      }
    }
    int restored = restore(store, outgoing, open, lastById);
    clear(directory, store, segments);
    if (!segments.isEmpty()) {
      LOG.info("RocksDB persistence in {}: {} copies sent but neither acknowledged nor written "
          + "put back in their queues from the journal ({} records in {} segments, {} ms)",
          store.path, restored, records, segments.size(),
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }
    return restored;
  }

  private static int restore(RocksStore store, OutgoingQueues outgoing,
      Map<Long, Recorded> open, Map<String, Long> lastById) throws RocksDBException {
    int restored = 0;
    for (Map.Entry<Long, Recorded> entry : open.entrySet()) {
      Recorded copy = entry.getValue();
      int messageId = PacketCodec.messageId(copy.packet);
      if (!lastById.get(key(copy)).equals(entry.getKey())
          || outgoing.carries(copy.clientId, messageId)) {
        continue;
      }
      try {
        outgoing.enqueue(copy.clientId, PacketCodec.decode(copy.packet));
      } catch (RuntimeException e) {
        LOG.warn("{}: journal copy {} for client {} does not decode, left out: {}", store.path,
            entry.getKey(), copy.clientId, e.toString());
        continue;
      }
      restored++;
    }
    if (restored > 0) {
      store.writePending();
      store.syncWal();
    }
    return restored;
  }

  private static String key(Recorded copy) {
    return PacketCodec.messageId(copy.packet) + "/" + copy.clientId;
  }

  /** Deletes the segments (durably), then every mark: each copy is in its queue or ended. */
  private static void clear(Path directory, RocksStore store, TreeMap<Long, Path> segments)
      throws IOException, RocksDBException {
    for (Path segment : segments.values()) {
      Files.delete(segment);
    }
    JournalKeeper.syncDirectory(directory);
    clearMarks(store);
  }

  private static void clearMarks(RocksStore store) throws RocksDBException {
    try (WriteOptions sync = new WriteOptions().setSync(true)) {
      store.db.deleteRange(store.defaultFamily, sync, CopyLogFormat.firstMark(),
          CopyLogFormat.afterMarks());
    }
  }

  private static TreeMap<Long, Path> segments(Path directory) throws IOException {
    TreeMap<Long, Path> segments = new TreeMap<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
      for (Path file : files) {
        long number = CopyLogFormat.segmentNumber(file.getFileName().toString());
        if (number >= 0) {
          segments.put(number, file);
        }
      }
    }
    return segments;
  }
}
