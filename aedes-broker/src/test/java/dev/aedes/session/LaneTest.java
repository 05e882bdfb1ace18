package dev.aedes.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link Lane#serial}: one client's tasks, in order and one at a time, over a shared pool. */
class LaneTest {
  private static final Duration WAIT = Duration.ofSeconds(5);

  private final ExecutorService pool = Executors.newFixedThreadPool(4);
  private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
  private final Lane lane = Lane.serial(pool, timers);

  @AfterEach
  void stop() {
    pool.shutdownNow();
    timers.shutdownNow();
  }

  @Test
  void tasksRunInSubmissionOrder() {
    List<Integer> ran = new CopyOnWriteArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      int n = i;
      lane.execute(() -> ran.add(n));
    }
    await().atMost(WAIT).until(() -> ran.size() == 1_000);
    assertThat(ran).isEqualTo(IntStream.range(0, 1_000).boxed().toList());
  }

  @Test
  void tasksRunOneAtATimeEvenFromManySubmitters() throws Exception {
    AtomicInteger active = new AtomicInteger();
    AtomicInteger mostActive = new AtomicInteger();
    AtomicInteger done = new AtomicInteger();
    ExecutorService submitters = Executors.newFixedThreadPool(4);
    try {
      for (int s = 0; s < 4; s++) {
        submitters.execute(() -> {
          for (int i = 0; i < 500; i++) {
            lane.execute(() -> {
              mostActive.accumulateAndGet(active.incrementAndGet(), Math::max);
              Thread.onSpinWait();
              active.decrementAndGet();
              done.incrementAndGet();
            });
          }
        });
      }
      await().atMost(WAIT).until(() -> done.get() == 2_000);
    } finally {
      submitters.shutdownNow();
    }
    assertThat(mostActive.get()).isEqualTo(1);
  }

  @Test
  void inLaneIsTrueOnlyInsideTheLanesTasks() {
    Lane other = Lane.serial(pool, timers);
    List<Boolean> seen = new CopyOnWriteArrayList<>();
    lane.execute(() -> {
      seen.add(lane.inLane());
      seen.add(other.inLane());
    });
    await().atMost(WAIT).until(() -> seen.size() == 2);

    assertThat(seen).containsExactly(true, false);
    assertThat(lane.inLane()).isFalse();
  }

  @Test
  void runIsImmediateInsideTheLane() {
    List<String> ran = new CopyOnWriteArrayList<>();
    lane.execute(() -> {
      lane.execute(() -> ran.add("queued"));
      lane.run(() -> ran.add("inline"));
      ran.add("after run");
    });

    await().atMost(WAIT).until(() -> ran.size() == 3);
    assertThat(ran).containsExactly("inline", "after run", "queued");
  }

  @Test
  void runFromOutsideTheLaneGoesThroughTheLane() {
    List<Boolean> inLane = new CopyOnWriteArrayList<>();
    lane.run(() -> inLane.add(lane.inLane()));

    await().atMost(WAIT).until(() -> inLane.size() == 1);
    assertThat(inLane).containsExactly(true);
  }

  @Test
  void aThrowingTaskDoesNotStopTheLane() {
    List<String> ran = new CopyOnWriteArrayList<>();
    lane.execute(() -> ran.add("before"));
    lane.execute(() -> {
      throw new IllegalStateException("expected by the test");
    });
    lane.execute(() -> ran.add("after exception"));
    lane.execute(() -> {
      throw new AssertionError("expected by the test");
    });
    lane.execute(() -> ran.add("after error"));

    await().atMost(WAIT).until(() -> ran.size() == 3);
    assertThat(ran).containsExactly("before", "after exception", "after error");
  }

  @Test
  void scheduledTaskRunsOnTheLaneAfterItsDelay() {
    AtomicBoolean ranInLane = new AtomicBoolean();
    CountDownLatch ran = new CountDownLatch(1);
    long start = System.nanoTime();
    lane.schedule(() -> {
      ranInLane.set(lane.inLane());
      ran.countDown();
    }, 50, TimeUnit.MILLISECONDS);

    await().atMost(WAIT).until(() -> ran.getCount() == 0);
    assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(50));
    assertThat(ranInLane).isTrue();
  }

  @Test
  void cancelledScheduledTaskDoesNotRun() {
    AtomicBoolean cancelledRan = new AtomicBoolean();
    AtomicBoolean laterRan = new AtomicBoolean();
    ScheduledFuture<?> cancelled = lane.schedule(() -> cancelledRan.set(true), 500,
        TimeUnit.MILLISECONDS);
    assertThat(cancelled.cancel(false)).isTrue();
    lane.schedule(() -> laterRan.set(true), 600, TimeUnit.MILLISECONDS);

    await().atMost(WAIT).untilTrue(laterRan);
    assertThat(cancelledRan).isFalse();
  }

  @Test
  void aBusyLaneLetsOtherLanesOnTheSamePoolThreadRun() throws Exception {
    ExecutorService single = Executors.newSingleThreadExecutor();
    try {
      Lane busy = Lane.serial(single, timers);
      Lane quiet = Lane.serial(single, timers);
      CountDownLatch hold = new CountDownLatch(1);
      single.execute(() -> awaitQuietly(hold)); // queue everything before the pool starts
      AtomicInteger busyDone = new AtomicInteger();
      AtomicInteger busyDoneWhenQuietRan = new AtomicInteger(-1);
      for (int i = 0; i < 1_000; i++) {
        busy.execute(busyDone::incrementAndGet);
      }
      quiet.execute(() -> busyDoneWhenQuietRan.set(busyDone.get()));
      hold.countDown();

      await().atMost(WAIT).until(() -> busyDone.get() == 1_000);
      assertThat(busyDoneWhenQuietRan.get()).isBetween(1, 999);
    } finally {
      single.shutdownNow();
    }
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
