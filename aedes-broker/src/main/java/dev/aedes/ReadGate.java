package dev.aedes;

import io.netty.channel.Channel;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Whether a client's socket is read: reading stops while any reason holds (its own packets
 * pile up; a subscriber of its messages is not keeping up) and resumes when none does. Reasons
 * change from any thread; the channel's auto-read is set on its event loop from the latest
 * reasons, so concurrent changes end in the right state. Stream clients are always read.
 */
final class ReadGate {
  /** The client's own packets wait for their work ({@link InboundQueue}). */
  static final int INBOUND = 1;
  /** A subscriber of the client's messages is not keeping up ({@link Backpressure}). */
  static final int SLOW_SUBSCRIBER = 2;

  private final Client client;
  private final AtomicInteger reasons = new AtomicInteger();

  ReadGate(Client client) {
    this.client = client;
  }

  /** Sets or clears {@code reason}; true when that changed it. */
  boolean set(int reason, boolean holds) {
    int before;
    int after;
    do {
      before = reasons.get();
      after = holds ? before | reason : before & ~reason;
    } while (before != after && !reasons.compareAndSet(before, after));
    if (before == after) {
      return false;
    }
    if ((before == 0) != (after == 0)) {
      apply();
    }
    return true;
  }

  /** Whether {@code reason} holds now. */
  boolean holds(int reason) {
    return (reasons.get() & reason) != 0;
  }

  private void apply() {
    Channel channel = client.conn.channel();
    if (channel == null) {
      return;
    }
    if (channel.eventLoop().inEventLoop()) {
      channel.config().setAutoRead(reasons.get() == 0);
      return;
    }
    try {
      channel.eventLoop().execute(() -> channel.config().setAutoRead(reasons.get() == 0));
    } catch (RejectedExecutionException e) {
      // the loop is shutting down with the broker: nothing is read any more
    }
  }
}
