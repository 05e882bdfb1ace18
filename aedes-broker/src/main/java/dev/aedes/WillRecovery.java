package dev.aedes;

import dev.aedes.packet.PublishPacket;
import dev.aedes.spi.MQEmitter;
import dev.aedes.spi.StoredWill;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wills that outlive their broker, as Aedes's clearWills: a broker killed while clients were
 * connected leaves their wills in persistence. Brokers announce themselves with
 * {@code $SYS/<id>/heartbeat}; one not heard for three heartbeat intervals is dead, and every
 * {@code heartbeatInterval * 4} the wills stored under dead brokers are published and deleted.
 * At start the wills stored under this broker's own id (a configured id: its previous run's)
 * are handled the same way before clients connect. A will still inside its Will Delay Interval
 * waits for its due time instead ({@link WillDelay}).
 *
 * <p>Between reading a will and deleting it, its client may reconnect: its CONNECT stores the
 * new will (under the id of the broker it connects to) before it is registered, so the check
 * for a connected client misses it. Only the broker whose delete finds the will publishes it,
 * and the delete is {@link dev.aedes.spi.Persistence#delWillIfStored}: it takes the will only
 * while it is still stored under the broker id and due time that were read. A new will is told
 * apart by its broker id: at start no connection of this broker exists yet (a server opens its
 * listeners after {@link Aedes#ready}), so a reconnected client's will is another broker's;
 * the check of dead brokers reads only wills of brokers not heard from, so a client back on
 * this broker or on any live one stored its new will under another id. Failing that, by its
 * due time: a new will has none until its own connection closes, and then a later one.
 * Left open: a dead broker restarted under its configured id and not heard yet, whose new
 * connection stores a will without delay under the same id; that broker's wills are all taken
 * for dead's until its first heartbeat arrives, as in Aedes.
 */
final class WillRecovery {
  private static final Logger LOG = LoggerFactory.getLogger(WillRecovery.class);
  static final String HEARTBEATS = "$SYS/+/heartbeat";
  private final Aedes broker;
  /** Broker id to the clock millis of its last heartbeat. */
  private final Map<String, Long> lastHeartbeat = new ConcurrentHashMap<>();
  final MQEmitter.Listener heartbeats = this::heard;

  WillRecovery(Aedes broker) {
    this.broker = broker;
  }

  private void heard(PublishPacket packet, Runnable done) {
    try {
      lastHeartbeat.put(new String(packet.payload(), StandardCharsets.UTF_8),
          broker.options.clock().millis());
    } finally {
      done.run();
    }
  }

  /** True while {@code brokerId}'s heartbeats arrive (this broker's own included). */
  boolean heardFrom(String brokerId) {
    return lastHeartbeat.containsKey(brokerId);
  }

  /**
   * At start: the wills stored under this broker's id belong to its previous run, whose
   * connections are gone. {@code streamStoredWills} only excludes brokers, so for a store that
   * cannot tell broker ids ours are the wills of all brokers less those of the others, read
   * after them: a will another broker stores meanwhile is then in the second read only and
   * never taken for ours.
   */
  CompletionStage<Void> recoverOwn() {
    String own = broker.id();
    return broker.persistence.streamStoredWills(List.of())
        .thenCompose(all -> broker.persistence.streamStoredWills(List.of(own))
            .thenApply(others -> {
              Map<String, StoredWill> ours = new HashMap<>();
              all.forEach((clientId, stored) -> {
                if (stored.brokerId() == null ? !others.containsKey(clientId)
                    : stored.brokerId().equals(own)) {
                  ours.put(clientId, new StoredWill(own, stored.will(), stored.dueAt()));
                }
              });
              return ours;
            }))
        .thenCompose(this::handle)
        .exceptionally(e -> {
          LOG.warn("{}: cannot recover the wills of its previous run: {}", broker.id(),
              e.toString());
          return null;
        });
  }

  /** On the timer: publishes the wills of brokers not heard for three heartbeat intervals. */
  CompletionStage<Void> sweep() {
    long deadline = broker.options.clock().millis() - 3 * broker.options.heartbeatInterval();
    lastHeartbeat.values().removeIf(heardAt -> heardAt < deadline);
    Set<String> live = new HashSet<>(lastHeartbeat.keySet());
    live.add(broker.id());
    CompletionStage<Map<String, StoredWill>> wills;
    try {
      wills = broker.persistence.streamStoredWills(live);
    } catch (RuntimeException e) {
      wills = CompletableFuture.failedFuture(e); // the timer must not stop sweeping
    }
    return wills.thenCompose(this::handle).exceptionally(e -> {
      LOG.warn("{}: cannot publish the wills of dead brokers: {}", broker.id(), e.toString());
      return null;
    });
  }

  /**
   * Each will whose connection is gone: published and deleted, or held until its due time.
   * A client connected here again replaced it with its CONNECT: one without a will of its own
   * only has the stale will deleted.
   */
  private CompletionStage<Void> handle(Map<String, StoredWill> wills) {
    long now = broker.options.clock().millis();
    List<CompletableFuture<Void>> published = new ArrayList<>();
    wills.forEach((clientId, stored) -> {
      Client connected = broker.sessions.connected(clientId);
      if (broker.wills.holds(clientId) || connected != null && connected.will != null) {
        return;
      }
      if (connected != null) {
        published.add(deleteIfStill(clientId, stored).thenApply(p -> (Void) null)
            .toCompletableFuture());
        return;
      }
      if (stored.dueAt() != null && stored.dueAt() > now) {
        broker.wills.takeOver(clientId, stored.will(), stored.dueAt());
        return;
      }
      // only the broker whose delete found it publishes it (several may sweep one store)
      published.add(deleteIfStill(clientId, stored)
          .thenCompose(removed -> removed == null ? CompletableFuture.<Void>completedFuture(null)
              : broker.publishInternal(stored.will(), null))
          .toCompletableFuture());
    });
    if (!published.isEmpty()) {
      LOG.info("{}: {} wills of lost connections published or dropped", broker.id(),
          published.size());
    }
    return CompletableFuture.allOf(published.toArray(CompletableFuture[]::new));
  }

  /** Deletes the will read, unless its client stored a new one since (see the class). */
  private CompletionStage<PublishPacket> deleteIfStill(String clientId, StoredWill stored) {
    if (stored.brokerId() == null) {
      // a store that cannot tell broker ids (the SPI's default stream): compare what it can
      return stored.dueAt() != null
          ? broker.persistence.delWillIfDue(clientId, stored.dueAt())
          : broker.persistence.delWill(clientId);
    }
    return broker.persistence.delWillIfStored(clientId, stored.brokerId(), stored.dueAt());
  }
}
