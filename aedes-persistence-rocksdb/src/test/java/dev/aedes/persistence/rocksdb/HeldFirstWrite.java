package dev.aedes.persistence.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Holds the store's next write on the writer thread until {@link #release}, so that the calls a
 * test makes meanwhile all join the writer's following turn.
 */
final class HeldFirstWrite {
  private final CountDownLatch holding = new CountDownLatch(1);
  private final CountDownLatch released = new CountDownLatch(1);

  private HeldFirstWrite(RocksPersistence store) {
    AtomicBoolean first = new AtomicBoolean(true);
    store.probe().beforeWrite(batch -> {
      if (first.getAndSet(false)) {
        holding.countDown();
        try {
          released.await(5, TimeUnit.SECONDS); // the rest joins the writer's next turn
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    });
  }

  /** Holds the next write of {@code store}; the test then makes the call that writes. */
  static HeldFirstWrite on(RocksPersistence store) {
    return new HeldFirstWrite(store);
  }

  /** Waits until the writer is held in its write. */
  void awaitHeld() throws InterruptedException {
    assertThat(holding.await(5, TimeUnit.SECONDS)).as("the writer waits in its turn").isTrue();
  }

  void release() {
    released.countDown();
  }
}
