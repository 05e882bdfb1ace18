package dev.aedes;

import dev.aedes.packet.PacketException;
import dev.aedes.packet.ReasonCode;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The KeepAlive component: a client silent for one and a half keep alive periods is
 * disconnected ([MQTT-3.1.2-24]), with {@code keepaliveTimeout} emitted and its will published.
 */
final class KeepAliveTimer {
  private final Client client;
  private long limitNanos;
  private volatile long lastActivity = System.nanoTime();
  private ScheduledFuture<?> timer;

  KeepAliveTimer(Client client) {
    this.client = client;
  }

  /** Starts watching for a keep alive in seconds; 0 turns the mechanism off. */
  void start(int keepaliveSeconds) {
    cancel();
    if (keepaliveSeconds == 0) {
      return;
    }
    limitNanos = TimeUnit.MILLISECONDS.toNanos(keepaliveSeconds * 1500L);
    touch();
    schedule(limitNanos);
  }

  /** Any packet from the client counts as activity. */
  void touch() {
    lastActivity = System.nanoTime();
  }

  void cancel() {
    if (timer != null) {
      timer.cancel(false);
      timer = null;
    }
  }

  private void schedule(long delayNanos) {
    timer = client.lane.schedule(this::check, delayNanos, TimeUnit.NANOSECONDS);
  }

  private void check() {
    if (client.closed || timer == null) {
      return;
    }
    long idle = System.nanoTime() - lastActivity;
    if (idle < limitNanos) {
      schedule(limitNanos - idle);
      return;
    }
    Events.emit(client.broker.events.keepaliveTimeout, client);
    ClientLifecycle.fail(client,
        new PacketException(ReasonCode.KEEP_ALIVE_TIMEOUT, "keep alive timeout"));
  }
}
