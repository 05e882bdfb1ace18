package dev.aedes.persistence.rocksdb;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A segment file of a {@link CopyLog}, mapped into memory: a record copied in is in the
 * operating system's page cache at once, so a killed JVM keeps it, with no system call per
 * record. The file is filled with zeros before it is mapped, so its blocks are taken then: a
 * full disk fails that write, never a record (a write to a mapped page with no block behind it
 * would end the JVM's thread with a bus error). Its position, ids, count and {@code closed}
 * change under the log's lock only.
 */
final class JournalSegment {
  private static final byte[] ZEROS = new byte[1 << 20];
  /** {@code sun.misc.Unsafe.invokeCleaner}, to unmap a deleted segment at once; or null. */
  private static final Object UNSAFE;
  private static final Method CLEANER;

  static {
    Object unsafe = null;
    Method cleaner = null;
    try {
      Class<?> type = Class.forName("sun.misc.Unsafe");
      java.lang.reflect.Field field = type.getDeclaredField("theUnsafe");
      field.setAccessible(true);
      unsafe = field.get(null);
      cleaner = type.getMethod("invokeCleaner", ByteBuffer.class);
    } catch (ReflectiveOperationException | RuntimeException e) {
      // left to the garbage collector: a deleted segment's blocks are freed when it unmaps it
    }
    UNSAFE = unsafe;
    CLEANER = cleaner;
  }

  final long number;
  final Path path;
  final MappedByteBuffer map;
  /** Copies recorded here that neither their PUBACK nor their queue write ended yet. */
  int open;
  long firstId = Long.MAX_VALUE;
  long lastId;
  /** Where the next record goes. */
  int position;
  /** Takes no more records: full. */
  volatile boolean closed;
  /** Written since its last fsync. */
  volatile boolean dirty;

  JournalSegment(long number, Path path, MappedByteBuffer map) {
    this.number = number;
    this.path = path;
    this.map = map;
  }

  /**
   * A new file of {@code bytes} zeros at {@code path}, mapped; the file is deleted again when
   * that fails (a full disk).
   */
  static MappedByteBuffer prepare(Path path, int bytes) throws IOException {
    FileChannel created = FileChannel.open(path, StandardOpenOption.CREATE_NEW,
        StandardOpenOption.READ, StandardOpenOption.WRITE);
    try (FileChannel channel = created) {
      long written = 0;
      while (written < bytes) {
        written += channel.write(ByteBuffer.wrap(ZEROS, 0,
            (int) Math.min(ZEROS.length, bytes - written)), written);
      }
      return channel.map(FileChannel.MapMode.READ_WRITE, 0, bytes);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(path);
      throw e;
    }
  }

  /** Whether {@code size} more bytes fit. */
  boolean fits(int size) {
    return position + size <= map.capacity();
  }

  /** Whether it may be deleted: closed, every copy in it ended (under the log's lock). */
  boolean done() {
    return closed && open == 0;
  }

  /**
   * Gives the mapping back: the memory must not be touched after, which the log ensures (only
   * closed segments whose copies all ended are unmapped, and only by one thread).
   */
  static void unmap(MappedByteBuffer map) {
    if (CLEANER != null) {
      try {
        CLEANER.invoke(UNSAFE, map);
      } catch (ReflectiveOperationException | RuntimeException e) {
        // left to the garbage collector
      }
    }
  }
}
