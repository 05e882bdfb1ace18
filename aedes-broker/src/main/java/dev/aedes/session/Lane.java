package dev.aedes.session;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The one serial lane a client's state is changed on: its Netty event loop, or for stream
 * connections a serial queue over a shared pool. Tasks run one at a time, in order.
 */
public abstract class Lane implements Executor {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Lane.class);

  /** True when the calling thread is this lane's. */
  public abstract boolean inLane();

  /** Runs {@code task} on the lane after {@code delay}. */
  public abstract ScheduledFuture<?> schedule(Runnable task, long delay, TimeUnit unit);

  /** Runs now when already on the lane, else queues the task. */
  public void run(Runnable task) {
    if (inLane()) {
      task.run();
    } else {
      execute(task);
    }
  }

  /** A lane on a Netty event loop (or any single-threaded scheduled executor). */
  public static Lane of(io.netty.util.concurrent.EventExecutor loop) {
    return new Lane() {
      @Override
      public boolean inLane() {
        return loop.inEventLoop();
      }

      @Override
      public ScheduledFuture<?> schedule(Runnable task, long delay, TimeUnit unit) {
        return loop.schedule(task, delay, unit);
      }

      @Override
      public void execute(Runnable task) {
        loop.execute(task);
      }
    };
  }

  /** A serial lane over a shared pool, with a shared scheduler for timers. */
  public static Lane serial(Executor pool, ScheduledExecutorService timers) {
    return new SerialLane(pool, timers);
  }

  private static final class SerialLane extends Lane {
    private final Executor pool;
    private final ScheduledExecutorService timers;
    private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();
    private boolean running;
    private volatile Thread current;

    SerialLane(Executor pool, ScheduledExecutorService timers) {
      this.pool = pool;
      this.timers = timers;
    }

    @Override
    public boolean inLane() {
      return current == Thread.currentThread();
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable task, long delay, TimeUnit unit) {
      return timers.schedule(() -> execute(task), delay, unit);
    }

    @Override
    public void execute(Runnable task) {
      synchronized (tasks) {
        tasks.add(task);
        if (running) {
          return;
        }
        running = true;
      }
      pool.execute(this::drain);
    }

    private void drain() {
      current = Thread.currentThread();
      try {
        for (int i = 0; i < 64; i++) {
          Runnable task;
          synchronized (tasks) {
            task = tasks.poll();
            if (task == null) {
              running = false;
              return;
            }
          }
          try {
            task.run();
          } catch (Throwable e) {
            // an Error escaping here would leave the lane marked running and never drained
            // again: log it and go on, as a Netty event loop does with its tasks
            LOG.error("task failed on a client lane", e);
          }
        }
      } finally {
        current = null;
      }
      pool.execute(this::drain); // yield the pool thread to other lanes
    }
  }
}
