package dev.aedes.server;

import io.netty.channel.Channel;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Admits new connections under {@code limits.maxConnections} (open MQTT connections over all
 * listeners) and {@code limits.connectRate} (new connections per second from one source
 * address). Each refusal closes the socket, is logged once and counted.
 */
final class ConnectionGate {
  private static final Logger LOG = LoggerFactory.getLogger(ConnectionGate.class);
  /** Beyond this many tracked addresses, windows that have ended are dropped. */
  private static final int PRUNE_AT = 10_000;

  private final int maxConnections;
  private final int connectRate;
  private final ServerMetrics metrics;
  private final LongSupplier clock;
  private final AtomicInteger open = new AtomicInteger();
  private final Map<InetAddress, Window> windows = new ConcurrentHashMap<>();

  private record Window(long second, int count) {
  }

  ConnectionGate(int maxConnections, int connectRate, ServerMetrics metrics, LongSupplier clock) {
    this.maxConnections = maxConnections;
    this.connectRate = connectRate;
    this.metrics = metrics;
    this.clock = clock;
  }

  /** Open connections admitted and not yet closed. */
  int open() {
    return open.get();
  }

  /**
   * Admits {@code channel} against the connection limit (and the rate limit unless the real
   * source comes later from a proxy); false means it was refused and closed.
   */
  boolean admit(Channel channel, boolean checkRate) {
    if (checkRate && !admitRate(channel, channel.remoteAddress())) {
      return false;
    }
    int now = open.incrementAndGet();
    if (maxConnections > 0 && now > maxConnections) {
      open.decrementAndGet();
      refuse(channel, channel.remoteAddress(), "max_connections",
          "limits.maxConnections " + maxConnections + " reached");
      return false;
    }
    channel.closeFuture().addListener(f -> open.decrementAndGet());
    return true;
  }

  /** Counts a new connection from {@code source}; false (and closed) above the rate. */
  boolean admitRate(Channel channel, SocketAddress source) {
    if (connectRate <= 0 || !(source instanceof InetSocketAddress inet)
        || inet.getAddress() == null) {
      return true;
    }
    long second = clock.getAsLong() / 1000;
    if (windows.size() > PRUNE_AT) {
      windows.values().removeIf(w -> w.second() < second);
    }
    Window window = windows.merge(inet.getAddress(), new Window(second, 1),
        (old, fresh) -> old.second() == second ? new Window(second, old.count() + 1) : fresh);
    if (window.count() > connectRate) {
      refuse(channel, source, "connect_rate",
          "limits.connectRate " + connectRate + "/s exceeded by " + inet.getAddress()
              .getHostAddress());
      return false;
    }
    return true;
  }

  private void refuse(Channel channel, SocketAddress source, String reason, String why) {
    metrics.refused(reason);
    LOG.warn("connection from {} refused: {}", source, why);
    channel.close();
  }
}
