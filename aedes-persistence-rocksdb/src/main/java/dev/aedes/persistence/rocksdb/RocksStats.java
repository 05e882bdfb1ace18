package dev.aedes.persistence.rocksdb;

/**
 * What a {@link RocksPersistence} has done since it was opened, and how it stands now: for
 * metrics and readiness checks ({@link RocksPersistence#stats}). A write here is one operation
 * of the store that changes it (an append to a queue, a subscription, a deletion...), done when
 * its stage completes; the writes asked for inside one {@code atomically} call count as one,
 * and reads are not counted.
 *
 * @param writes operations that succeeded: written, and durable as the {@link Durability} says
 * @param failedWrites operations that failed: refused for want of space, their write or fsync
 *     failed, or they were queued when the store closed (never acknowledged to a client); one
 *     asked for after the close fails at once and is not counted
 * @param writeNanos over the operations done (succeeded or failed), the sum of their times
 *     from queued to done: with {@code writes + failedWrites}, the mean time a PUBACK waits
 *     for the store
 * @param pendingWrites operations queued or running now
 * @param groups writer turns: groups of operations written together
 * @param syncs fsyncs of the write-ahead log ({@link Durability#SYNC}: about one per group
 *     that changed something; {@link Durability#INTERVAL}: one per interval at most)
 * @param syncNanos time spent in those fsyncs
 * @param failure why the store fails writes now, as its log said: the last write failed and
 *     none succeeded since, or the last fsync of the log failed and none succeeded since, or
 *     operations that store something are refused for want of space (deletions still go on);
 *     null when it writes. While it fails, the store checks again once a second by itself (the
 *     free space; a small write of its own), so it recovers without a client's write
 */
public record RocksStats(long writes, long failedWrites, long writeNanos, long pendingWrites,
    long groups, long syncs, long syncNanos, String failure) {
}
