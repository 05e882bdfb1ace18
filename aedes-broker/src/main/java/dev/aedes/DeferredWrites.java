package dev.aedes;

import dev.aedes.packet.PublishPacket;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The deferred store writes of one connection's persistent session ({@code inflightWriteDelay}):
 * a QoS 1 copy sent to the connected client is written to persistence only if the client has
 * not acknowledged it within the delay. Until one or the other, the publisher's PUBACK waits
 * (acknowledge after durable: a copy the subscriber acknowledged need not be kept), so most
 * copies to a subscriber that keeps up are never written nor cleared.
 *
 * <p>The queue order in persistence is the order of sending: before any other new entry of
 * this session is appended (a message waiting for a slot, a QoS 2 copy), and when the
 * connection closes, the copies still unwritten are written first, in the order sent. Once a
 * copy's delay passes unacknowledged, the client counts as slow: its copies are written at once
 * again, so a subscriber that stopped answering does not hold its publishers' PUBACKs for the
 * delay more than once, until its PUBACK round trip (a moving average over one probe message at
 * a time, starting from the delay that passed) is below half the delay. Runs on the client's
 * lane only.
 */
final class DeferredWrites {
  private final Client client;
  private final long delayNanos;
  /** Copies sent and not yet written nor acknowledged, by message id, in the order sent. */
  private final Map<Integer, Unwritten> unwritten = new LinkedHashMap<>();
  private ScheduledFuture<?> timer;
  /** A copy's delay passed: copies are written at once until {@link #roundTrip} is short. */
  private boolean slow;
  /** While slow: the client's PUBACK round trip (moving average over the probes), in ns. */
  private long roundTrip;
  /** While not deferring: the message id measuring the round trip again (0: none). */
  private int probeId;
  private long probeSent;

  /** A copy not yet written: the publisher's acknowledgement waits for {@code stored}. */
  private record Unwritten(PublishPacket out, CompletableFuture<Void> stored, long sent) {
  }

  DeferredWrites(Client client) {
    this.client = client;
    this.delayNanos = TimeUnit.MILLISECONDS.toNanos(client.broker.options.inflightWriteDelay());
  }

  /**
   * The copy {@code out} (QoS 1, with its message id, about to be sent) is deferred: returns the
   * stage that completes once it is acknowledged or written; null when it must be written now.
   */
  CompletionStage<Void> defer(PublishPacket out) {
    if (delayNanos == 0 || client.closed) {
      return null; // closed: its unwritten copies were written already, this one follows them
    }
    long now = System.nanoTime();
    if (slow) {
      if (probeId == 0) {
        probeId = out.messageId();
        probeSent = now;
      }
      return null;
    }
    Unwritten copy = new Unwritten(out, new CompletableFuture<>(), now);
    unwritten.put(out.messageId(), copy);
    if (timer == null) {
      schedule(delayNanos);
    }
    return copy.stored;
  }

  /**
   * The client acknowledged {@code messageId}: true when its copy was never written (the
   * publisher's wait is over, and there is nothing to clear).
   */
  boolean acknowledged(int messageId) {
    if (messageId == probeId) {
      probeId = 0;
      roundTrip += (System.nanoTime() - probeSent - roundTrip) / 8;
      slow = roundTrip > delayNanos / 2;
    }
    Unwritten copy = unwritten.remove(messageId);
    if (copy == null) {
      return false;
    }
    copy.stored.complete(null);
    // the timer stays: one that finds nothing due stops, cheaper than a cancel per PUBACK
    return true;
  }

  /**
   * Writes every copy still unwritten, in the order sent: before another entry of the session
   * is appended, and when the connection closes.
   */
  void flush() {
    if (unwritten.isEmpty()) {
      return;
    }
    cancelTimer();
    for (Iterator<Unwritten> it = unwritten.values().iterator(); it.hasNext(); ) {
      Unwritten copy = it.next();
      it.remove();
      write(copy);
    }
  }

  /** The delay passed for the oldest copies: they are written, in order. */
  private void expire() {
    timer = null;
    if (client.closed) {
      flush();
      return;
    }
    long now = System.nanoTime();
    for (Iterator<Unwritten> it = unwritten.values().iterator(); it.hasNext(); ) {
      Unwritten copy = it.next();
      long due = copy.sent + delayNanos - now;
      if (due > 0) {
        schedule(due);
        return;
      }
      it.remove();
      // not acknowledged within the delay: the client is slow now, its next copies are
      // written at once (probes then follow its round trip down again)
      slow = true;
      roundTrip = Math.max(roundTrip, now - copy.sent);
      write(copy);
    }
  }

  private void write(Unwritten copy) {
    CompletionStage<Void> write;
    try {
      write = client.broker.persistence.outgoingEnqueue(client.id, copy.out);
    } catch (RuntimeException e) {
      copy.stored.completeExceptionally(e);
      return;
    }
    SessionHandOff.complete(copy.stored, write);
  }

  private void schedule(long nanos) {
    timer = client.lane.schedule(this::expire, nanos, TimeUnit.NANOSECONDS);
  }

  private void cancelTimer() {
    if (timer != null) {
      timer.cancel(false);
      timer = null;
    }
  }
}
