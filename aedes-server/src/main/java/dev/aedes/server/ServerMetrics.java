package dev.aedes.server;

import dev.aedes.Aedes;
import dev.aedes.Client;
import dev.aedes.GrantedSubscription;
import dev.aedes.packet.PacketException;
import dev.aedes.packet.PublishPacket;
import dev.aedes.packet.ReasonCode;
import dev.aedes.persistence.rocksdb.RocksPersistence;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The server's Micrometer meters, fed by broker events and {@link TrafficCounter}s, scraped as
 * Prometheus text at {@code /metrics}.
 */
final class ServerMetrics {
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Counter[] received = new Counter[3];
  private final Counter[] sent = new Counter[3];
  final Counter bytesReceived;
  final Counter bytesSent;
  private final Counter connects;
  private final Counter disconnects;
  /** Subscriptions of connected clients: topic filters by client. */
  private final Map<Client, Set<String>> subscriptions = new ConcurrentHashMap<>();
  private final AtomicLong subscriptionCount = new AtomicLong();

  ServerMetrics() {
    for (int qos = 0; qos < 3; qos++) {
      received[qos] = Counter.builder("aedes.messages.received").tag("qos", "" + qos)
          .description("PUBLISH packets received from clients").register(registry);
      sent[qos] = Counter.builder("aedes.messages.sent").tag("qos", "" + qos)
          .description("PUBLISH packets sent to clients").register(registry);
    }
    bytesReceived = Counter.builder("aedes.received").baseUnit("bytes")
        .description("MQTT bytes read").register(registry);
    bytesSent = Counter.builder("aedes.sent").baseUnit("bytes")
        .description("MQTT bytes written").register(registry);
    connects = Counter.builder("aedes.clients.connected").description("clients accepted")
        .register(registry);
    disconnects = Counter.builder("aedes.clients.disconnected")
        .description("clients disconnected").register(registry);
    Gauge.builder("aedes.subscriptions", subscriptionCount, AtomicLong::get)
        .description("subscriptions of connected clients").register(registry);
    for (String reason : List.of("max_connections", "connect_rate", "max_packet_size")) {
      refusedCounter(reason);
    }
  }

  /** Binds the broker's gauges and events. */
  void bind(Aedes aedes, ConnectionGate gate) {
    Gauge.builder("aedes.connections", aedes, Aedes::connectedClients)
        .description("connected MQTT clients").register(registry);
    Gauge.builder("aedes.sockets.open", gate, ConnectionGate::open)
        .description("open MQTT connections, connected or not").register(registry);
    FunctionCounter.builder("aedes.messages.dropped", aedes, Aedes::droppedMessages)
        .description("messages dropped for slow subscribers").register(registry);
    FunctionCounter.builder("aedes.messages.expired", aedes, Aedes::expiredMessages)
        .description("queued messages removed unsent from persistence once their Message "
            + "Expiry Interval passed").register(registry);
    FunctionCounter.builder("aedes.publishers.paused", aedes, Aedes::readPauses)
        .description("times a publisher was not read while a subscriber of its messages "
            + "caught up").register(registry);
    FunctionCounter.builder("aedes.refused", aedes, Aedes::overflowedMessages)
        .tag("reason", "max_queued")
        .description("connections or packets refused by a limit").register(registry);
    for (boolean acknowledged : new boolean[] {true, false}) {
      FunctionCounter.builder("aedes.persistence.deferred", aedes,
              a -> a.deferredWrites(acknowledged))
          .tag("outcome", acknowledged ? "acknowledged" : "written")
          .description("QoS 1 copies to connected persistent sessions whose store write was "
              + "deferred: acknowledged before it (never written), or written")
          .register(registry);
    }
    Gauge.builder("aedes.messages.queued", aedes, Aedes::queuedMessages)
        .description("QoS 1/2 messages in flight or waiting, over connected clients")
        .register(registry);
    Gauge.builder("aedes.retained.messages", aedes, Aedes::retainedCount)
        .description("retained messages stored").register(registry);
    aedes.onClientReady(client -> connects.increment());
    aedes.onClientDisconnect(client -> {
      disconnects.increment();
      Set<String> filters = subscriptions.remove(client);
      if (filters != null) {
        subscriptionCount.addAndGet(-filters.size());
      }
    });
    aedes.onPublish(this::published);
    aedes.onSubscribe(this::subscribed);
    aedes.onUnsubscribe((filters, client) -> {
      Set<String> mine = subscriptions.get(client);
      if (mine != null) {
        filters.forEach(filter -> {
          if (mine.remove(filter)) {
            subscriptionCount.decrementAndGet();
          }
        });
      }
    });
    aedes.onConnectionError((client, error) -> countError(error));
    aedes.onClientError((client, error) -> countError(error));
  }

  /** Binds the RocksDB store's meters. */
  void bind(RocksPersistence store) {
    PersistenceMeters.bind(registry, store);
  }

  private void published(PublishPacket packet, Client client) {
    if (client != null) {
      received[packet.qos()].increment();
    }
  }

  private void subscribed(List<GrantedSubscription> granted, Client client) {
    Set<String> mine = subscriptions.computeIfAbsent(client, c -> ConcurrentHashMap.newKeySet());
    for (GrantedSubscription sub : granted) {
      if (sub.qos() < 128 && mine.add(sub.topic())) {
        subscriptionCount.incrementAndGet();
      }
    }
  }

  private void countError(Throwable error) {
    if (error instanceof PacketException packet
        && packet.reasonCode() == ReasonCode.PACKET_TOO_LARGE) {
      refused("max_packet_size");
    }
  }

  /** A PUBLISH went out to a client at {@code qos}. */
  void sent(int qos) {
    if (qos >= 0 && qos < 3) {
      sent[qos].increment();
    }
  }

  /** PUBLISH packets received from clients, all QoS. */
  long messagesReceived() {
    return (long) (received[0].count() + received[1].count() + received[2].count());
  }

  /** PUBLISH packets sent to clients, all QoS. */
  long messagesSent() {
    return (long) (sent[0].count() + sent[1].count() + sent[2].count());
  }

  /** Subscriptions of connected clients. */
  long subscriptions() {
    return subscriptionCount.get();
  }

  /** A connection or packet refused by a limit. */
  void refused(String reason) {
    refusedCounter(reason).increment();
  }

  private Counter refusedCounter(String reason) {
    return Counter.builder("aedes.refused").tag("reason", reason)
        .description("connections or packets refused by a limit").register(registry);
  }

  /** The Prometheus text exposition. */
  String scrape() {
    return registry.scrape();
  }

  void close() {
    registry.close();
  }
}
