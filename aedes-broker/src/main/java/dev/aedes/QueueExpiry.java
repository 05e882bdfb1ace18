package dev.aedes;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes the queued messages whose Message Expiry Interval passed before they were sent
 * ([MQTT-3.3.2-5]) from persistence at every expiry check
 * ({@code Persistence.outgoingDropExpired}),
 * so the queue of a persistent session that stays away does not grow with expired messages;
 * one sweep at a time.
 */
final class QueueExpiry {
  private static final Logger LOG = LoggerFactory.getLogger(QueueExpiry.class);
  private final Aedes broker;
  private final AtomicBoolean sweeping = new AtomicBoolean();
  private final LongAdder removed = new LongAdder();
  /** The last sweep failed: logged once per run of failures. */
  private volatile boolean failing;

  QueueExpiry(Aedes broker) {
    this.broker = broker;
  }

  /** Asks the store to remove what expired by {@code nowMillis}, unless a sweep still runs. */
  void sweep(long nowMillis) {
    if (!sweeping.compareAndSet(false, true)) {
      return;
    }
    CompletionStage<Integer> dropped;
    try {
      dropped = broker.persistence.outgoingDropExpired(nowMillis);
    } catch (RuntimeException e) {
      dropped = CompletableFuture.failedFuture(e); // a store's bug, logged as any failure
    }
    dropped.whenComplete((count, e) -> {
      if (e != null) {
        // tried again at the next check; the session's resume drops them meanwhile
        if (!failing) {
          failing = true;
          LOG.warn("removing expired queued messages failed (tried again at every expiry "
              + "check): {}", e.toString());
        }
      } else {
        failing = false;
        if (count != null && count > 0) {
          removed.add(count);
          LOG.debug("removed {} expired queued messages", count);
        }
      }
      sweeping.set(false);
    });
  }

  /** Messages removed so far. */
  long removed() {
    return removed.sum();
  }
}
