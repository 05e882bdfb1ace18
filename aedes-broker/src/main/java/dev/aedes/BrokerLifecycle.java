package dev.aedes;

import dev.aedes.connection.Connection;
import dev.aedes.packet.DisconnectPacket;
import dev.aedes.packet.ProtocolVersion;
import dev.aedes.packet.ReasonCode;
import dev.aedes.session.Lane;
import dev.aedes.spi.MQEmitter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * The broker's life from start to close, for {@link Aedes}: its timer and stream threads, its
 * listeners on the bus, the periodic tasks (heartbeat, will sweep, expiry), taking connections
 * while open, and the close sequence.
 */
final class BrokerLifecycle {
  private final Aedes broker;
  private final ScheduledExecutorService timers;
  private final ExecutorService streamPool;
  private final MQEmitter.Listener router;
  private volatile boolean closed;

  BrokerLifecycle(Aedes broker) {
    this.broker = broker;
    this.router = broker.messageRouter::route;
    this.timers = Executors.newSingleThreadScheduledExecutor(daemon("aedes-timer-" + broker.id()));
    this.streamPool = Executors.newCachedThreadPool(daemon("aedes-stream-" + broker.id()));
  }

  /**
   * Registers the broker on the bus, starts recovering the stored sessions and this broker id's
   * wills, and schedules the periodic tasks; returns the stage {@link Aedes#ready} gives out.
   */
  CompletableFuture<Void> start() {
    AedesOptions options = broker.options;
    broker.mq.on("#", router).toCompletableFuture().join();
    broker.mq.on(WillRecovery.HEARTBEATS, broker.willRecovery.heartbeats)
        .toCompletableFuture().join();
    // a previous run's wills go out (or wait for their delay) before clients connect
    CompletableFuture<Void> ready = new SessionRecovery(broker).recover()
        .thenCompose(v -> broker.willRecovery.recoverOwn());
    timers.scheduleAtFixedRate(broker.sys::heartbeat, options.heartbeatInterval(),
        options.heartbeatInterval(), TimeUnit.MILLISECONDS);
    // as Aedes: wills of brokers that stopped sending heartbeats, every 4 intervals
    timers.scheduleAtFixedRate(broker.willRecovery::sweep, options.heartbeatInterval() * 4,
        options.heartbeatInterval() * 4, TimeUnit.MILLISECONDS);
    timers.scheduleAtFixedRate(broker::expire, options.expiryCheckInterval(),
        options.expiryCheckInterval(), TimeUnit.MILLISECONDS);
    return ready;
  }

  /** A serial lane for a byte-stream connection, on the broker's stream pool and timer. */
  Lane streamLane() {
    return Lane.serial(streamPool, timers);
  }

  /**
   * Starts a client on {@code conn} on its lane, then lets it read ({@code listening}); once
   * the broker is closed the connection is destroyed instead.
   */
  Client accept(Connection conn, Lane lane, Runnable listening) {
    Client client = new Client(broker, conn, lane);
    if (closed) {
      conn.destroy();
      listening.run();
      return client;
    }
    lane.run(() -> {
      ClientLifecycle.start(client);
      listening.run();
    });
    return client;
  }

  boolean closed() {
    return closed;
  }

  /** Disconnects every client, stops the timers and the bus, then emits {@code closed}. */
  CompletionStage<Void> close() {
    if (closed) {
      return CompletableFuture.completedFuture(null);
    }
    closed = true;
    timers.shutdownNow();
    List<CompletableFuture<Void>> closing = new ArrayList<>();
    for (Client client : broker.sessions.connectedClients()) {
      CompletableFuture<Void> done = new CompletableFuture<>();
      // MQTT 5 clients are told why ([MQTT 5.0] 3.14.2.1, 0x8B Server shutting down)
      client.lane.run(() -> ClientLifecycle.close(client,
          client.protocolVersion == ProtocolVersion.MQTT_5
              ? new DisconnectPacket(ReasonCode.SERVER_SHUTTING_DOWN.code()) : null));
      client.closedStage().whenComplete((v, e) -> done.complete(null));
      closing.add(done);
    }
    MQEmitter mq = broker.mq;
    return CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new))
        .thenCompose(v -> mq.removeListener("#", router))
        .thenCompose(v -> mq.removeListener(WillRecovery.HEARTBEATS,
            broker.willRecovery.heartbeats))
        .thenCompose(v -> mq.close())
        .whenComplete((v, e) -> {
          streamPool.shutdown();
          broker.events.emitClosed();
        });
  }

  private static ThreadFactory daemon(String name) {
    return task -> {
      Thread thread = new Thread(task, name);
      thread.setDaemon(true);
      return thread;
    };
  }
}
