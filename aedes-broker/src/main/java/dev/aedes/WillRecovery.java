package dev.aedes;

import dev.aedes.packet.PublishPacket;
import dev.aedes.spi.MQEmitter;
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
   * connections are gone. {@code streamWill} only excludes brokers, so ours are the wills of
   * all brokers less those of the others, read after them: a will another broker stores
   * meanwhile is then in the second read only and never taken for ours.
   */
  CompletionStage<Void> recoverOwn() {
    return broker.persistence.streamWill(List.of())
        .thenCompose(all -> broker.persistence.streamWill(List.of(broker.id()))
            .thenApply(others -> {
              Map<String, PublishPacket> ours = new HashMap<>(all);
              ours.keySet().removeAll(others.keySet());
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
    CompletionStage<Map<String, PublishPacket>> wills;
    try {
      wills = broker.persistence.streamWill(live);
    } catch (RuntimeException e) {
      wills = CompletableFuture.failedFuture(e); // the timer must not stop sweeping
    }
    return wills.thenCompose(this::handle).exceptionally(e -> {
      LOG.warn("{}: cannot publish the wills of dead brokers: {}", broker.id(), e.toString());
      return null;
    });
  }

  /** The due times are read only when there are wills to look at. */
  private CompletionStage<Void> handle(Map<String, PublishPacket> wills) {
    if (wills.isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    return broker.persistence.allWillDues().thenCompose(dues -> handle(wills, dues));
  }

  /**
   * Each will whose connection is gone: published and deleted, or held until its due time.
   * A client connected here again replaced it with its CONNECT: one without a will of its own
   * only has the stale will deleted.
   */
  private CompletionStage<Void> handle(Map<String, PublishPacket> wills, Map<String, Long> dues) {
    long now = broker.options.clock().millis();
    List<CompletableFuture<Void>> published = new ArrayList<>();
    wills.forEach((clientId, will) -> {
      Client connected = broker.sessions.connected(clientId);
      if (broker.wills.holds(clientId) || connected != null && connected.will != null) {
        return;
      }
      if (connected != null) {
        published.add(broker.persistence.delWill(clientId).thenApply(p -> (Void) null)
            .toCompletableFuture());
        return;
      }
      Long due = dues.get(clientId);
      if (due != null && due > now) {
        broker.wills.takeOver(clientId, will, due);
        return;
      }
      // only the broker whose delete found it publishes it (several may sweep one store)
      published.add(broker.persistence.delWill(clientId)
          .thenCompose(stored -> stored == null ? CompletableFuture.<Void>completedFuture(null)
              : broker.publishInternal(will, null))
          .toCompletableFuture());
    });
    if (!published.isEmpty()) {
      LOG.info("{}: {} wills of lost connections published or dropped", broker.id(),
          published.size());
    }
    return CompletableFuture.allOf(published.toArray(CompletableFuture[]::new));
  }
}
