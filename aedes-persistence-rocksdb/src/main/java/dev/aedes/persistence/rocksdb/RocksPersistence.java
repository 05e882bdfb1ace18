package dev.aedes.persistence.rocksdb;

import dev.aedes.packet.PublishPacket;
import dev.aedes.packet.PubrelPacket;
import dev.aedes.packet.Subscription;
import dev.aedes.spi.CopyJournal;
import dev.aedes.spi.Persistence;
import dev.aedes.spi.StoredWill;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Persistence} on an embedded RocksDB database in one directory: what the broker stores
 * survives a restart, and a JVM killed with SIGKILL loses nothing whose stage had completed
 * (see {@link Durability} for machine crashes). Changes run on one writer thread with group
 * commit, reads on two reader threads; no call blocks its caller, and the stages complete on
 * those threads. Subscriptions are also held in memory, so {@link #subscriptionsByTopic}
 * answers without reading the disk.
 */
public final class RocksPersistence implements Persistence {
  private static final Logger LOG = LoggerFactory.getLogger(RocksPersistence.class);
  private static final int MAX_GROUP = 1024;
  private static final Duration DEFAULT_SYNC_INTERVAL = Duration.ofSeconds(1);
  /**
   * Index entries one sweep looks at most (each a point read of its queue entry), so one sweep
   * does not hold up the publishers' acknowledgements of its writer turn; the next expiry check
   * goes on.
   */
  static final int SWEEP_LIMIT = 5_000;

  private final RocksStore store;
  private final String instanceId;
  private final RetainedMessages retained;
  private final Subscriptions subscriptions;
  private final OutgoingQueues outgoing;
  private final Records records;
  private final Wills wills;
  private final SessionCleaner cleaner;
  private final StoredClients stored;
  private final Writes writes;
  private final Readers readers;
  private final StoreProbe probe;
  /** The journal of copies sent ({@link Durability#INTERVAL}, {@link Durability#NONE}), or null. */
  private final CopyLog copies;

  /** Wired by {@link RocksOpener}, once the state is recovered. */
  RocksPersistence(RocksStore store, String instanceId, RetainedMessages retained,
      Subscriptions subscriptions, OutgoingQueues outgoing, Records records,
      Wills wills, SessionCleaner cleaner, StoredClients stored, Writes writes,
      Readers readers, CopyLog copies) {
    this.store = store;
    this.instanceId = instanceId;
    this.retained = retained;
    this.subscriptions = subscriptions;
    this.outgoing = outgoing;
    this.records = records;
    this.wills = wills;
    this.cleaner = cleaner;
    this.stored = stored;
    this.writes = writes;
    this.readers = readers;
    this.probe = new StoreProbe(store, writes, stored);
    this.copies = copies;
  }

  /** Opens (or creates) the store in {@code directory} with {@link Durability#SYNC}. */
  public static RocksPersistence open(Path directory) {
    return open(directory, Durability.SYNC, DEFAULT_SYNC_INTERVAL);
  }

  /**
   * Opens (or creates) the store in {@code directory}. A directory that cannot be created, a
   * corrupt database, or one held by another process fails with an
   * {@link IllegalStateException} naming the directory.
   *
   * @param syncInterval how often {@link Durability#INTERVAL} fsyncs; unused otherwise
   */
  public static RocksPersistence open(Path directory, Durability durability,
      Duration syncInterval) {
    return open(directory, durability, syncInterval, CopyLog.SEGMENT_BYTES);
  }

  /** With {@code maxGroup} 1 every write has its own fsync (for measuring group commit). */
  static RocksPersistence openGrouped(Path directory, Durability durability,
      Duration syncInterval, int maxGroup) {
    return RocksOpener.open(directory, durability, syncInterval, maxGroup, CopyLog.SEGMENT_BYTES);
  }

  /**
   * {@link #open(Path, Durability, Duration)} with the journal's segment files of
   * {@code journalSegmentBytes} (interval and none; 16 MiB by default).
   */
  public static RocksPersistence open(Path directory, Durability durability,
      Duration syncInterval, long journalSegmentBytes) {
    return RocksOpener.open(directory, durability, syncInterval, MAX_GROUP,
        journalSegmentBytes);
  }

  /** The journal of copies sent, or null (tests). */
  CopyLog copyLog() {
    return copies;
  }

  /** The database directory. */
  public Path path() {
    return store.path;
  }

  /**
   * An id for the broker that owns this directory, made at its first open and the same at every
   * later one: a server restarted on its data is the same broker, so the wills its previous run
   * stored are its own, published as soon as it starts rather than when another broker finds
   * them orphaned.
   */
  public String instanceId() {
    return instanceId;
  }

  /**
   * The calls made on this thread inside {@code calls} run as one writer operation whose
   * changes end in the store's pending batch together, which one write takes to the log: a
   * crash keeps all of them or none. They take their place in the writer's queue when the
   * first is asked for, so a call from another thread meanwhile (a session's clean, a read of
   * its queue) runs after them; the writer waits there until {@code calls} returns.
   * Not for calls that read the database as they write (an outgoingUpdate of an entry without
   * message id writes what is pending first): the broker's release makes only appends and the
   * deletion.
   */
  @Override
  public <T> CompletionStage<T> atomically(Supplier<? extends CompletionStage<T>> calls) {
    return writes.atomically(calls);
  }

  @Override
  public CompletionStage<Void> storeRetained(PublishPacket packet) {
    return writes.write(() -> retained.store(packet));
  }

  @Override
  public CompletionStage<List<PublishPacket>> retainedMatching(Collection<String> filters) {
    List<String> copy = List.copyOf(filters);
    return readers.read(() -> retained.matching(copy));
  }

  @Override
  public CompletionStage<Void> addSubscriptions(String clientId, Collection<Subscription> subs) {
    List<Subscription> copy = List.copyOf(subs);
    return writes.adding(clientId, () -> subscriptions.add(clientId, copy));
  }

  @Override
  public CompletionStage<Void> addSubscriptions(String clientId, Collection<Subscription> subs,
      int subscriptionIdentifier) {
    List<Subscription> copy = List.copyOf(subs);
    return writes.adding(clientId,
        () -> subscriptions.add(clientId, copy, subscriptionIdentifier));
  }

  @Override
  public CompletionStage<Map<String, Integer>> subscriptionIdentifiers(String clientId) {
    return CompletableFuture.completedFuture(subscriptions.identifiers(clientId)); // in memory
  }

  @Override
  public CompletionStage<Map<String, Map<String, Integer>>> allSubscriptionIdentifiers() {
    return CompletableFuture.completedFuture(subscriptions.allIdentifiers()); // in memory
  }

  @Override
  public CompletionStage<Void> putSessionExpiry(String clientId, long seconds) {
    return writes.adding(clientId, () -> subscriptions.putSessionExpiry(clientId, seconds));
  }

  @Override
  public CompletionStage<Map<String, Long>> allSessionExpiries() {
    return CompletableFuture.completedFuture(subscriptions.sessionExpiries()); // in memory
  }

  @Override
  public CompletionStage<Void> removeSubscriptions(String clientId, Collection<String> filters) {
    List<String> copy = List.copyOf(filters);
    return writes.write(() -> subscriptions.remove(clientId, copy));
  }

  @Override
  public CompletionStage<Map<String, Subscription>> subscriptionsByClient(String clientId) {
    return CompletableFuture.completedFuture(subscriptions.byClient(clientId)); // in memory
  }

  @Override
  public CompletionStage<Map<String, Map<String, Subscription>>> allSubscriptions() {
    return CompletableFuture.completedFuture(subscriptions.all()); // in memory
  }

  /**
   * From memory; the first call builds the tree by filter on the writer thread, after the
   * changes queued before it (the broker itself never asks: it matches with its own tree), which
   * holds up the writes queued after it for as long (seconds for a million subscriptions).
   * Inside {@link #atomically}, where the writer may be waiting for the very call, a call before
   * the tree exists looks at every subscription instead.
   */
  @Override
  public CompletionStage<Map<String, List<Subscription>>> subscriptionsByTopic(String topic) {
    if (subscriptions.hasTree()) {
      return CompletableFuture.completedFuture(subscriptions.byTopic(topic));
    }
    if (writes.inAtomically()) {
      return CompletableFuture.completedFuture(subscriptions.byTopicScanning(topic));
    }
    return writes.submitReadOnly(() -> {
      subscriptions.buildTree();
      return subscriptions.byTopic(topic);
    });
  }

  /** See {@link SessionCleaner#clean}: a client with no state costs no write. */
  @Override
  public CompletionStage<Void> cleanSubscriptions(String clientId) {
    return cleaner.clean(clientId);
  }

  @Override
  public CompletionStage<Void> outgoingEnqueue(String clientId, PublishPacket packet) {
    return writes.adding(clientId, () -> outgoing.enqueue(clientId, packet));
  }

  @Override
  public CompletionStage<Void> outgoingUpdate(String clientId, PublishPacket queued,
      PublishPacket sent) {
    return writes.write(() -> outgoing.update(clientId, queued, sent));
  }

  @Override
  public CompletionStage<PublishPacket> outgoingClearMessageId(String clientId, int messageId) {
    return writes.submit(() -> outgoing.clear(clientId, messageId));
  }

  /**
   * One seek when something is due ({@link ExpiringIndex}), nothing at all otherwise; at most
   * {@value #SWEEP_LIMIT} expired entries per call, in deadline order.
   */
  @Override
  public CompletionStage<Integer> outgoingDropExpired(long nowMillis) {
    if (!outgoing.expiring.due(nowMillis)) {
      return CompletableFuture.completedFuture(0);
    }
    return writes.submit(() -> outgoing.expiring.sweep(nowMillis, SWEEP_LIMIT, outgoing));
  }

  /**
   * With {@code interval} or {@code none} durability, a journal in the store's {@code journal}
   * directory ({@link CopyLog}): a copy sent is copied into a mapped segment file, so it is in
   * the operating system at once and a killed JVM loses none, with no system call, memtable,
   * compaction or clear of a queue write. With {@code sync}, none: each record would cost an
   * fsync of its own.
   */
  @Override
  public CopyJournal copyJournal() {
    return copies;
  }

  /**
   * Reads after every change queued before this call, a clear the broker did not wait for
   * included: the writer takes a snapshot once they are written, a reader scans it.
   */
  @Override
  public CompletionStage<List<PublishPacket>> outgoingStream(String clientId) {
    if (!stored.any(clientId)) {
      return CompletableFuture.completedFuture(List.of()); // nothing stored, nothing queued
    }
    return readers.afterQueuedChanges(snapshot -> outgoing.stream(clientId, snapshot));
  }

  @Override
  public CompletionStage<Void> outgoingUpdate(String clientId, PubrelPacket pubrel) {
    // appends a PUBREL entry when none carries the id
    return writes.adding(clientId, () -> outgoing.release(clientId, pubrel.messageId()));
  }

  @Override
  public CompletionStage<List<Integer>> outgoingReleased(String clientId) {
    if (!stored.any(clientId)) {
      return CompletableFuture.completedFuture(List.of()); // nothing stored, nothing queued
    }
    return readers.afterQueuedChanges(snapshot -> outgoing.released(clientId, snapshot));
  }

  @Override
  public CompletionStage<Void> incomingStorePacket(String clientId, PublishPacket packet) {
    return writes.adding(clientId, () -> records.storeIncoming(clientId, packet));
  }

  @Override
  public CompletionStage<PublishPacket> incomingGetPacket(String clientId, int messageId) {
    return readers.read(() -> records.incoming(clientId, messageId));
  }

  @Override
  public CompletionStage<Void> incomingDelPacket(String clientId, int messageId) {
    return writes.write(() -> records.deleteIncoming(clientId, messageId));
  }

  @Override
  public CompletionStage<Void> putWill(String clientId, String brokerId, PublishPacket will) {
    return wills.put(clientId, brokerId, will);
  }

  @Override
  public CompletionStage<Void> putWillDue(String clientId, long dueAt) {
    return wills.putDue(clientId, dueAt);
  }

  @Override
  public CompletionStage<Map<String, Long>> allWillDues() {
    return wills.dues();
  }

  @Override
  public CompletionStage<PublishPacket> getWill(String clientId) {
    return wills.get(clientId);
  }

  @Override
  public CompletionStage<PublishPacket> delWill(String clientId) {
    return wills.delete(clientId);
  }

  @Override
  public CompletionStage<PublishPacket> delWillIfDue(String clientId, long dueAt) {
    return wills.deleteIfDue(clientId, dueAt);
  }

  @Override
  public CompletionStage<Map<String, PublishPacket>> streamWill(Collection<String> liveBrokers) {
    return wills.notOf(liveBrokers);
  }

  @Override
  public CompletionStage<Map<String, StoredWill>> streamStoredWills(
      Collection<String> liveBrokers) {
    return wills.storedNotOf(liveBrokers);
  }

  @Override
  public CompletionStage<PublishPacket> delWillIfStored(String clientId, String brokerId,
      Long dueAt) {
    return wills.deleteIfStored(clientId, brokerId, dueAt);
  }

  @Override
  public CompletionStage<List<String>> getClientList(String topicFilter) {
    return CompletableFuture.completedFuture(subscriptions.clientList(topicFilter));
  }

  /**
   * What the store has done since it opened and whether it fails writes now: cheap, any thread
   * (the server's {@code /metrics} and {@code /ready} read it).
   */
  public RocksStats stats() {
    return writes.stats();
  }

  /**
   * The bytes of every file in the database directory now (tables, write-ahead logs, manifest,
   * RocksDB's info log): what the store takes on disk. Walks the directory; a file deleted
   * meanwhile (a compaction's input) is not counted.
   */
  public long directoryBytes() {
    return store.directoryBytes();
  }

  /** Tests and measurements: the store's work, a write hook, compaction, size on disk. */
  StoreProbe probe() {
    return probe;
  }

  /**
   * Lets queued writes finish and sync, waits for running reads, then closes the database;
   * later calls fail.
   */
  @Override
  public CompletionStage<Void> destroy() {
    // its segments fsync'ed, before the writer's last sync; a journal thread that did not stop
    // may still use the database, which then stays open rather than be freed under it
    boolean journalStopped = copies == null || copies.close();
    return writes.close(() -> {
      readers.close();
      if (journalStopped) {
        store.close();
        LOG.info("RocksDB persistence in {} closed", store.path);
      } else {
        LOG.error("RocksDB persistence in {}: the journal's thread did not stop; the database "
            + "is left open", store.path);
      }
      return null;
    });
  }
}
