package dev.aedes.persistence.rocksdb;

/**
 * When a write to {@link RocksPersistence} counts as done, that is, when its
 * {@link java.util.concurrent.CompletionStage} completes. In every mode each write reaches the
 * operating system (RocksDB's write-ahead log, written with {@code write(2)}) before its stage
 * completes, so killing the JVM, even with SIGKILL, loses nothing that was completed; the modes
 * differ in what a crash of the machine itself (power loss, kernel panic) may lose.
 */
public enum Durability {
  /**
   * A write completes only after the write-ahead log holding it is fsync'ed. Group commit: the
   * writes that arrive while one fsync runs are applied together and share the next fsync, so
   * many clients' writes cost one disk flush. Nothing completed is lost on a machine crash.
   */
  SYNC,

  /**
   * A write completes as soon as it is in the operating system; the write-ahead log is fsync'ed
   * every {@code syncInterval} milliseconds. Loss window on a machine crash: the writes
   * completed in the last {@code syncInterval} ms plus the duration of one fsync.
   */
  INTERVAL,

  /**
   * A write completes as soon as it is in the operating system and the log is never fsync'ed
   * by us (RocksDB still syncs when it flushes a memtable to a table file). A machine crash may
   * lose every write not yet flushed by the operating system, typically up to about 30 s.
   */
  NONE
}
