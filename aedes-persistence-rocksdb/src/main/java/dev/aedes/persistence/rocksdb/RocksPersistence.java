package dev.aedes.persistence.rocksdb;

import dev.aedes.packet.PublishPacket;
import dev.aedes.packet.PubrelPacket;
import dev.aedes.packet.Subscription;
import dev.aedes.spi.Persistence;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import org.rocksdb.RocksDBException;
import org.rocksdb.Snapshot;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;
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

  private final RocksStore store;
  private final RetainedMessages retained;
  private final Subscriptions subscriptions;
  private final OutgoingQueues outgoing;
  private final Records records;
  private final StoredClients stored = new StoredClients();
  private final GroupCommitWriter writer;
  private final ExecutorService readers;
  private final String instanceId;
  /** The {@link #atomically} call running on this thread, if any. */
  private final ThreadLocal<AtomicWrite> atomic = new ThreadLocal<>();

  private RocksPersistence(RocksStore store, Durability durability, Duration syncInterval,
      int maxGroup) {
    this.store = store;
    this.retained = new RetainedMessages(store);
    this.subscriptions = new Subscriptions(store);
    this.outgoing = new OutgoingQueues(store);
    this.records = new Records(store);
    this.instanceId = loadInstanceId(store);
    long started = System.nanoTime();
    int subs = subscriptions.load();
    long queued = outgoing.load();
    stored.load(store, store.subscriptions);
    stored.load(store, store.outgoing);
    stored.load(store, store.incoming);
    LOG.info("RocksDB persistence in {} open ({} durability): {} subscriptions, {} queued "
        + "messages recovered in {} ms", store.path, durability.name().toLowerCase(), subs,
        queued, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    String name = "aedes-rocksdb " + store.path;
    this.writer = new GroupCommitWriter(durability, syncInterval.toMillis(), maxGroup,
        this::endTurn, store::syncWal, name);
    AtomicInteger count = new AtomicInteger();
    this.readers = Executors.newFixedThreadPool(2, task -> {
      Thread thread = new Thread(task, name + " reader-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
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
    return open(directory, durability, syncInterval, MAX_GROUP);
  }

  /** With {@code maxGroup} 1 every write has its own fsync (for measuring group commit). */
  static RocksPersistence open(Path directory, Durability durability, Duration syncInterval,
      int maxGroup) {
    if (syncInterval.isNegative() || syncInterval.isZero()) {
      throw new IllegalArgumentException("syncInterval must be positive: " + syncInterval);
    }
    RocksStore store = RocksStore.open(directory);
    try {
      return new RocksPersistence(store, durability, syncInterval, maxGroup);
    } catch (RuntimeException e) {
      store.close();
      throw new IllegalStateException("Cannot read RocksDB persistence in " + store.path + ": "
          + e.getMessage(), e);
    }
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

  private static String loadInstanceId(RocksStore store) {
    byte[] key = Keys.utf8("instance-id");
    try {
      byte[] stored = store.db.get(key);
      if (stored != null) {
        return new String(stored, StandardCharsets.UTF_8);
      }
      String made = UUID.randomUUID().toString();
      try (WriteOptions durable = new WriteOptions().setSync(true)) {
        store.db.put(durable, key, Keys.utf8(made));
      }
      return made;
    } catch (RocksDBException e) {
      throw new IllegalStateException("cannot read or store the instance id: " + e.getMessage(),
          e);
    }
  }

  private <T> CompletableFuture<T> read(Callable<T> query) {
    try {
      return CompletableFuture.supplyAsync(() -> {
        try {
          return query.call();
        } catch (RuntimeException e) {
          throw e;
        } catch (Exception e) {
          throw new IllegalStateException(store.path + ": read failed: " + e.getMessage(), e);
        }
      }, readers);
    } catch (RejectedExecutionException e) {
      return CompletableFuture.failedFuture(
          new IllegalStateException(store.path + ": the persistence is destroyed"));
    }
  }

  private CompletableFuture<Void> write(WriteOp op) {
    return submit(() -> {
      op.run();
      return null;
    });
  }

  /** {@link #write}, for an operation that may add session state for {@code clientId}. */
  private CompletableFuture<Void> adding(String clientId, WriteOp op) {
    return stored.adding(clientId, () -> write(op));
  }

  private interface WriteOp {
    void run() throws Exception;
  }

  /** Queues {@code op} on the writer, or collects it inside {@link #atomically} on this thread. */
  private <T> CompletableFuture<T> submit(GroupCommitWriter.Op<T> op) {
    AtomicWrite collecting = atomic.get();
    return collecting != null ? collecting.add(op) : writer.submit(op);
  }

  /**
   * The calls made on this thread inside {@code calls} run as one writer operation whose
   * changes end in the store's pending batch together, which one write takes to the log: a
   * crash keeps all of them or none. Calls from other threads meanwhile are queued as usual.
   * Not for calls that read the database as they write (an outgoingUpdate of an entry without
   * message id writes what is pending first): the broker's release makes only appends and the
   * deletion.
   */
  @Override
  public <T> CompletionStage<T> atomically(Supplier<? extends CompletionStage<T>> calls) {
    if (atomic.get() != null) {
      return calls.get(); // nested: part of the outer one
    }
    AtomicWrite collected = new AtomicWrite(writer, outgoing, store);
    atomic.set(collected);
    CompletionStage<T> result;
    try {
      result = calls.get();
    } catch (RuntimeException | Error e) {
      collected.abandon(e); // nothing of it is written
      throw e;
    } finally {
      atomic.remove();
    }
    collected.submit();
    return result;
  }

  @Override
  public CompletionStage<Void> storeRetained(PublishPacket packet) {
    return write(() -> retained.store(packet));
  }

  @Override
  public CompletionStage<List<PublishPacket>> retainedMatching(Collection<String> filters) {
    List<String> copy = List.copyOf(filters);
    return read(() -> retained.matching(copy));
  }

  @Override
  public CompletionStage<Void> addSubscriptions(String clientId, Collection<Subscription> subs) {
    List<Subscription> copy = List.copyOf(subs);
    return adding(clientId, () -> subscriptions.add(clientId, copy));
  }

  @Override
  public CompletionStage<Void> addSubscriptions(String clientId, Collection<Subscription> subs,
      int subscriptionIdentifier) {
    List<Subscription> copy = List.copyOf(subs);
    return adding(clientId, () -> subscriptions.add(clientId, copy, subscriptionIdentifier));
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
    return adding(clientId, () -> subscriptions.putSessionExpiry(clientId, seconds));
  }

  @Override
  public CompletionStage<Map<String, Long>> allSessionExpiries() {
    return CompletableFuture.completedFuture(subscriptions.sessionExpiries()); // in memory
  }

  @Override
  public CompletionStage<Void> removeSubscriptions(String clientId, Collection<String> filters) {
    List<String> copy = List.copyOf(filters);
    return write(() -> subscriptions.remove(clientId, copy));
  }

  @Override
  public CompletionStage<Map<String, Subscription>> subscriptionsByClient(String clientId) {
    return CompletableFuture.completedFuture(subscriptions.byClient(clientId)); // in memory
  }

  @Override
  public CompletionStage<Map<String, Map<String, Subscription>>> allSubscriptions() {
    return CompletableFuture.completedFuture(subscriptions.all()); // in memory
  }

  @Override
  public CompletionStage<Map<String, List<Subscription>>> subscriptionsByTopic(String topic) {
    return CompletableFuture.completedFuture(subscriptions.byTopic(topic)); // in memory
  }

  /**
   * Deletes the client's session state; a client with none stored or queued (a clean session
   * connecting, or one that never stored anything) costs no write, no fsync and no wait.
   */
  @Override
  public CompletionStage<Void> cleanSubscriptions(String clientId) {
    CompletableFuture<Void> cleaned = stored.ifAny(clientId, mark -> write(() -> {
      try (WriteBatch batch = new WriteBatch()) {
        subscriptions.clean(clientId, batch);
        outgoing.clean(clientId, batch);
        records.cleanIncoming(clientId, batch); // unreleased QoS 2 messages are session state
        store.write(batch);
      }
      subscriptions.forget(clientId);
      outgoing.forget(clientId);
      stored.cleaned(clientId, mark);
    }));
    return cleaned != null ? cleaned : CompletableFuture.completedFuture(null);
  }

  @Override
  public CompletionStage<Void> outgoingEnqueue(String clientId, PublishPacket packet) {
    return adding(clientId, () -> outgoing.enqueue(clientId, packet));
  }

  @Override
  public CompletionStage<Void> outgoingUpdate(String clientId, PublishPacket queued,
      PublishPacket sent) {
    return write(() -> outgoing.update(clientId, queued, sent));
  }

  @Override
  public CompletionStage<PublishPacket> outgoingClearMessageId(String clientId, int messageId) {
    return submit(() -> outgoing.clear(clientId, messageId));
  }

  /** Writer thread: writes the changes collected so far (no fsync). */
  private void writeChanges() throws Exception {
    outgoing.writeChanges();
    store.writePending();
  }

  /** Writer thread, the end of a turn: its changes written, or its first failure thrown. */
  private void endTurn() throws Exception {
    try {
      writeChanges();
    } finally {
      // always: a failure left over would fail the next group, whose writes were made
      store.endTurn();
    }
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
    return afterQueuedChanges(snapshot -> outgoing.stream(clientId, snapshot));
  }

  /**
   * Runs {@code reader} on a snapshot taken once every change queued before it is written. The
   * writer turn that takes the snapshot changes nothing: alone in its group it costs no fsync;
   * with nothing queued or running there is no turn at all (the reader's iterator pins its own
   * view).
   */
  private <T> CompletionStage<T> afterQueuedChanges(Function<Snapshot, T> reader) {
    if (writer.idle()) {
      return read(() -> reader.apply(null)); // every change queued before is written already
    }
    Snapshot[] taken = new Snapshot[1];
    return writer.submitReadOnly(() -> { // a read: never part of an atomically
      writeChanges();
      taken[0] = store.db.getSnapshot();
      return null;
    }).thenCompose(v -> read(() -> reader.apply(taken[0]))).whenComplete((result, e) -> {
      if (taken[0] != null) {
        // released however it ended: a failed group or a refused read leaks no snapshot
        store.db.releaseSnapshot(taken[0]);
      }
    });
  }

  @Override
  public CompletionStage<Void> outgoingUpdate(String clientId, PubrelPacket pubrel) {
    // appends a PUBREL entry when none carries the id
    return adding(clientId, () -> outgoing.release(clientId, pubrel.messageId()));
  }

  @Override
  public CompletionStage<List<Integer>> outgoingReleased(String clientId) {
    if (!stored.any(clientId)) {
      return CompletableFuture.completedFuture(List.of()); // nothing stored, nothing queued
    }
    return afterQueuedChanges(snapshot -> outgoing.released(clientId, snapshot));
  }

  @Override
  public CompletionStage<Void> incomingStorePacket(String clientId, PublishPacket packet) {
    return adding(clientId, () -> records.storeIncoming(clientId, packet));
  }

  @Override
  public CompletionStage<PublishPacket> incomingGetPacket(String clientId, int messageId) {
    return read(() -> records.incoming(clientId, messageId));
  }

  @Override
  public CompletionStage<Void> incomingDelPacket(String clientId, int messageId) {
    return write(() -> records.deleteIncoming(clientId, messageId));
  }

  @Override
  public CompletionStage<Void> putWill(String clientId, String brokerId, PublishPacket will) {
    return write(() -> records.putWill(clientId, brokerId, will));
  }

  @Override
  public CompletionStage<Void> putWillDue(String clientId, long dueAt) {
    return write(() -> records.putWillDue(clientId, dueAt));
  }

  @Override
  public CompletionStage<Map<String, Long>> allWillDues() {
    return read(records::willDues);
  }

  @Override
  public CompletionStage<PublishPacket> getWill(String clientId) {
    return read(() -> records.will(clientId));
  }

  @Override
  public CompletionStage<PublishPacket> delWill(String clientId) {
    return submit(() -> records.deleteWill(clientId));
  }

  @Override
  public CompletionStage<Map<String, PublishPacket>> streamWill(Collection<String> liveBrokers) {
    List<String> copy = List.copyOf(liveBrokers);
    return read(() -> records.willsNotOf(copy));
  }

  @Override
  public CompletionStage<List<String>> getClientList(String topicFilter) {
    return CompletableFuture.completedFuture(subscriptions.clientList(topicFilter));
  }

  /** Writer turns (groups) run so far; a turn that changed nothing took no fsync. */
  long writerTurns() {
    return writer.turns();
  }

  /** Fsyncs of the write-ahead log so far. */
  long syncs() {
    return writer.syncs();
  }

  /** A writer turn that changes nothing: completes once every change queued before is done. */
  CompletionStage<Void> barrier() {
    return writer.submitReadOnly(() -> null);
  }

  /** How many client ids may have session state (stored or queued). */
  int clientsWithState() {
    return stored.size();
  }

  /** Tests: {@code hook} runs before each write to the database, on the writer thread. */
  void beforeWrite(RocksStore.WriteHook hook) {
    store.beforeWrite = hook;
  }

  /** Compacts the whole database (drops deleted entries); on the writer thread. */
  CompletionStage<Void> compact() {
    return write(store::compact);
  }

  /** Bytes of the database directory's files. */
  long sizeOnDisk() throws java.io.IOException {
    return store.sizeOnDisk();
  }

  /**
   * Lets queued writes finish and sync, waits for running reads, then closes the database;
   * later calls fail.
   */
  @Override
  public CompletionStage<Void> destroy() {
    return writer.close(() -> {
      readers.shutdown();
      if (!readers.awaitTermination(10, TimeUnit.SECONDS)) {
        LOG.warn("{}: reads still running at close", store.path);
      }
      store.close();
      LOG.info("RocksDB persistence in {} closed", store.path);
      return null;
    });
  }
}
