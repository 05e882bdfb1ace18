package dev.aedes;

import dev.aedes.packet.PublishPacket;
import dev.aedes.spi.CopyJournal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
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
 * this session is appended (a message waiting for a slot, a QoS 2 copy, a released QoS 2 copy
 * appended by the router), and when the connection closes, the copies still unwritten are
 * written first, in the order sent.
 *
 * <p>A client more than half of whose recent copies waited out the delay ({@link #lateScore}, a
 * moving average over its copies) counts as slow: its copies are written at once again, so a
 * subscriber that stopped answering, or answers later than the delay, does not hold its
 * publishers' PUBACKs for the delay message after message. It counts as fast again once a probe
 * (one message at a time) comes back within three quarters of the delay; a loaded broker's round
 * trips come near the delay, and the earlier bound of half of it (with a slowly falling average)
 * kept such a broker writing at once, the very cost that kept it loaded. An isolated late copy is
 * written and changes nothing else; a stall that makes many copies late at once makes the client
 * slow until its next probe, one round trip. A client late on fewer than half of its copies stays
 * fast, and its publishers wait the delay for those.
 *
 * <p>With a store that keeps a {@link CopyJournal} the copy is recorded there as it is sent,
 * durably at once, and the publisher's wait ends there: not one round trip later. The copy's
 * PUBACK or its write still ends its record.
 *
 * <p>Runs on the client's lane, except {@link #flush}, which the router also calls for a
 * released QoS 2 copy; the state is guarded by this object's lock. The writes are asked for
 * under the lock, in order; the publishers' stages are completed after it is released, as a
 * store that completes at once would otherwise run their callbacks (which may deliver to this
 * client again) in the middle of the loop.
 */
final class DeferredWrites {
  /** Longest delay: far beyond any PUBACK round trip, and no overflow in nanoseconds. */
  static final long MAX_DELAY_MILLIS = 3_600_000;
  /** {@link #lateScore} of a client whose every copy is late. */
  private static final int LATE_SCALE = 1024;
  /** Where a client that was slow starts when a probe is fast: slow again after four late. */
  private static final int LATE_AFTER_PROBE = LATE_SCALE / 4;
  private final Client client;
  private final long delayNanos;
  /** The store's journal of copies sent, or null. */
  private final CopyJournal journal;
  /** Copies sent and not yet written nor acknowledged, by message id, in the order sent. */
  private final Map<Integer, Unwritten> unwritten = new LinkedHashMap<>();
  private ScheduledFuture<?> timer;
  /** Counts the timers scheduled: a stale one that runs after a cancel does nothing. */
  private int timerGeneration;
  /**
   * How many of the client's recent deferred copies waited out the delay, as a moving average
   * over the copies (weight 1/8) in {@link #LATE_SCALE}ths: slow above half.
   */
  private int lateScore;
  /** Copies are written at once, until a probe comes back within 3/4 of the delay. */
  private boolean slow;
  /** While not deferring: the message id measuring the round trip again (0: none). */
  private int probeId;
  private long probeSent;

  /**
   * A copy not yet written: the publisher's acknowledgement waits for {@code stored}, which its
   * journal record ({@code entry}, null without one) completes once the copy is sent.
   * {@code retried}: a journaled copy whose queue write failed, waiting again; a failed write
   * may have reached the store all the same (an fsync that failed after it), so its PUBACK also
   * clears the queue, and its write again adds no second entry.
   */
  record Unwritten(PublishPacket out, CompletableFuture<Void> stored, long sent,
      CopyJournal.Entry entry, boolean retried) {
  }

  /** A write asked for, and the copy whose stage it completes. */
  private record Written(Unwritten copy, CompletionStage<Void> write, RuntimeException failure) {
  }

  DeferredWrites(Client client) {
    this.client = client;
    this.delayNanos = TimeUnit.MILLISECONDS.toNanos(client.broker.options.inflightWriteDelay());
    this.journal = delayNanos == 0 ? null : client.broker.persistence.copyJournal();
  }

  /**
   * The copy {@code out} (QoS 1, with its message id, about to be sent) is deferred: returns it,
   * whose {@code stored} completes once it is acknowledged or written ({@code stored} itself
   * when not null, the router's stage, so no stage is chained to it), or with a journal
   * {@code entry} once it is sent ({@link #sent}); null when it must be written now.
   */
  synchronized Unwritten defer(PublishPacket out, CompletableFuture<Void> stored) {
    if (delayNanos == 0 || client.closed) {
      return null; // closed: its unwritten copies were written already, this one follows them
    }
    long now = System.nanoTime();
    if (slow) {
      // a probe unanswered for the delay is late anyway: the next message probes instead, so a
      // client that never acknowledges one message does not stay slow for good
      if (probeId == 0 || now - probeSent >= delayNanos) {
        probeId = out.messageId();
        probeSent = now;
      }
      return null;
    }
    if (timer == null) {
      try {
        schedule(delayNanos);
      } catch (RejectedExecutionException e) {
        return null; // the broker is closing: no timer to write it later, so written now
      }
    }
    CompletableFuture<Void> waiting = stored != null ? stored : new CompletableFuture<>();
    CopyJournal.Entry entry = journal == null ? null : journal.record(client.id, out);
    Unwritten copy = new Unwritten(out, waiting, now, entry, false);
    unwritten.put(out.messageId(), copy);
    return copy;
  }

  /**
   * The deferred {@code copy} was handed to the connection: when its journal record is durable
   * its publisher's wait ends now, outside the lock (see above) and after the copy, so that the
   * publisher's next message, routed from that stage on this thread, is sent behind it.
   */
  static void sent(Unwritten copy) {
    if (copy.entry != null) {
      copy.stored.complete(null);
    }
  }

  /**
   * The client acknowledged {@code messageId}: true when its copy was never written (the
   * publisher's wait is over, and there is nothing to clear).
   */
  boolean acknowledged(int messageId) {
    Unwritten copy;
    synchronized (this) {
      if (messageId == probeId) {
        probeId = 0;
        // a margin below the delay, so round trips just around it do not go in and out
        if (System.nanoTime() - probeSent < delayNanos - (delayNanos >> 2)) {
          slow = false;
          lateScore = LATE_AFTER_PROBE;
        }
      }
      copy = unwritten.remove(messageId);
      if (copy == null) {
        return false;
      }
      if (copy.entry != null) {
        journal.acknowledged(copy.entry);
      }
      if (copy.retried) {
        return false; // its failed write may be in the store: cleared there too
      }
      lateScore -= lateScore >> 3;
    }
    client.broker.deferredAcknowledged.increment();
    // the timer stays: one that finds nothing due stops, cheaper than a cancel per PUBACK
    copy.stored.complete(null);
    return true;
  }

  /**
   * Writes every copy still unwritten, in the order sent: before another entry of the session
   * is appended, and when the connection closes. Any thread.
   */
  void flush() {
    List<Written> written;
    synchronized (this) {
      if (unwritten.isEmpty()) {
        return;
      }
      cancelTimer();
      written = new ArrayList<>(unwritten.size());
      for (Unwritten copy : unwritten.values()) {
        written.add(write(copy));
      }
      unwritten.clear();
    }
    completeAll(written);
  }

  /** The delay passed for the oldest copies: they are written, in order. */
  private void expire(int generation) {
    if (client.closed) {
      flush();
      return;
    }
    List<Written> written = new ArrayList<>();
    synchronized (this) {
      if (generation != timerGeneration) {
        return; // cancelled, and perhaps replaced, after it was queued to run
      }
      timer = null;
      long now = System.nanoTime();
      for (Iterator<Unwritten> it = unwritten.values().iterator(); it.hasNext(); ) {
        Unwritten copy = it.next();
        long waited = now - copy.sent;
        if (waited < delayNanos) {
          try {
            schedule(delayNanos - waited);
          } catch (RejectedExecutionException e) {
            // the broker is closing: its close writes them
          }
          break;
        }
        it.remove();
        if (!copy.retried) {
          // not acknowledged within the delay: when most are late, the client's next copies
          // are written at once (a probe then tells when it answers in time again)
          lateScore += (LATE_SCALE - lateScore) >> 3;
          slow |= lateScore > LATE_SCALE / 2;
        }
        written.add(write(copy));
      }
    }
    completeAll(written);
  }

  /** Asks for the copy's write; under the lock, so writes are asked for in order. */
  private Written write(Unwritten copy) {
    if (!copy.retried) {
      client.broker.deferredWritten.increment();
    }
    try {
      CompletionStage<Void> write = copy.entry != null
          ? journal.enqueue(client.id, copy.out, copy.entry)
          : client.broker.persistence.outgoingEnqueue(client.id, copy.out);
      return new Written(copy, write, null);
    } catch (RuntimeException e) {
      return new Written(copy, null, e);
    }
  }

  /** Completes the publishers' stages as the writes do; not under the lock. */
  private void completeAll(List<Written> written) {
    for (Written w : written) {
      if (w.failure != null) {
        w.copy.stored.completeExceptionally(w.failure);
        journaledUnwritten(w.copy);
      } else {
        SessionHandOff.complete(w.copy.stored, w.write);
        if (w.copy.entry != null) {
          w.write.whenComplete((v, e) -> {
            if (e != null) {
              journaledUnwritten(w.copy);
            }
          });
        }
      }
    }
  }

  /**
   * The queue write of a journaled copy failed (a full disk): its publisher was acknowledged
   * on its journal record, which stays. On the lane, a copy still in flight waits again for its
   * PUBACK or a write one delay later, so its record ends either way once the store works again
   * and does not keep every later segment of the journal until a restart; one its subscriber
   * acknowledged meanwhile ends its record now. A closed client's copy keeps its record until
   * the next start, which puts it back in the queue. The copy waits again behind those sent
   * after it: its place in the queue is lost, as is the order of a resume's re-sends.
   */
  private void journaledUnwritten(Unwritten copy) {
    if (copy.entry == null) {
      return;
    }
    try {
      client.lane.execute(() -> {
        if (client.closed) {
          return;
        }
        int messageId = copy.out.messageId();
        if (client.session.inflight().get(messageId) != copy.out) {
          journal.acknowledged(copy.entry);
          return;
        }
        synchronized (this) {
          unwritten.putIfAbsent(messageId,
              new Unwritten(copy.out, copy.stored, System.nanoTime(), copy.entry, true));
          if (timer == null) {
            try {
              schedule(delayNanos);
            } catch (RejectedExecutionException e) {
              // the broker is closing: its close writes it, or the next start puts it back
            }
          }
        }
      });
    } catch (RejectedExecutionException e) {
      // the broker is closing: the record stays, and the next start puts the copy back
    }
  }

  private void schedule(long nanos) {
    int generation = ++timerGeneration;
    timer = client.lane.schedule(() -> expire(generation), nanos, TimeUnit.NANOSECONDS);
  }

  private void cancelTimer() {
    if (timer != null) {
      timerGeneration++;
      timer.cancel(false);
      timer = null;
    }
  }
}
