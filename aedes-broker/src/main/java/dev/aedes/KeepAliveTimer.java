package dev.aedes;

import dev.aedes.packet.PacketException;
import dev.aedes.packet.ReasonCode;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A client's one timer: first the connect timeout (a connection that sends no CONNECT in time is
 * closed), then the KeepAlive component: a client silent for one and a half keep alive periods is
 * disconnected ([MQTT-3.1.2-24]), with {@code keepaliveTimeout} emitted and its will published.
 * One scheduled task serves both: CONNECT does not cancel the connect timeout's task, which on
 * firing looks at the keep alive instead and schedules itself for when the client may next be
 * late, so activity costs no rescheduling. Runs on the client's lane.
 */
final class KeepAliveTimer {
  private final Client client;
  /** Set until CONNECT arrives: a firing before it is a connect timeout. */
  private boolean awaitingConnect;
  private long limitNanos;
  private volatile long lastActivity = System.nanoTime();
  private ScheduledFuture<?> timer;

  KeepAliveTimer(Client client) {
    this.client = client;
  }

  /** Closes the connection unless CONNECT arrives within {@code millis}. */
  void startConnectTimeout(long millis) {
    awaitingConnect = true;
    cancel();
    schedule(TimeUnit.MILLISECONDS.toNanos(millis));
  }

  /** Starts watching for a keep alive in seconds (CONNECT arrived); 0 turns it off. */
  void start(int keepaliveSeconds) {
    awaitingConnect = false;
    touch();
    limitNanos = keepaliveSeconds == 0 ? 0
        : TimeUnit.MILLISECONDS.toNanos(keepaliveSeconds * 1500L);
    if (limitNanos == 0) {
      return; // a task still pending finds nothing to watch when it fires
    }
    if (timer == null || timer.getDelay(TimeUnit.NANOSECONDS) > limitNanos) {
      cancel();
      schedule(limitNanos);
    }
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
    timer = null;
    if (awaitingConnect) {
      if (!client.accepted && !client.connecting) {
        ClientLifecycle.fail(client, new TimeoutException("connect did not arrive in time"));
      }
      return;
    }
    if (limitNanos == 0) {
      return;
    }
    if (client.readGate.holds(ReadGate.SLOW_SUBSCRIBER)) {
      touch(); // the broker is not reading it (backpressure): its silence is not the client's
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
