package dev.aedes.bench.load;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The counts of one scenario run, written from every event loop: messages sent, unique and
 * duplicated deliveries, end-to-end latency (microseconds, HdrHistogram), errors.
 */
final class Tracker {
  private final LongAdder sent = new LongAdder();
  private final LongAdder received = new LongAdder();
  private final LongAdder duplicated = new LongAdder();
  private final LongAdder errors = new LongAdder();
  private final LongAdder unexpectedCloses = new LongAdder();
  private final LongAccumulator lastReceiveNanos = new LongAccumulator(Math::max, 0);
  private final Recorder latency = new Recorder(3);
  private volatile boolean closing;
  /** Messages sent before this System.nanoTime() count, but their latency is not recorded. */
  private volatile long latencyFromNanos;
  private volatile boolean warmingUp;

  /** Records latency only for messages sent from {@code nanos} on (a warm-up before it). */
  void recordLatencyFrom(long nanos) {
    this.latencyFromNanos = nanos;
    this.warmingUp = true;
  }

  void countSent() {
    sent.increment();
  }

  /** A delivery; {@code duplicate} when this receiver had seen the message before. */
  void received(long sentNanos, boolean duplicate) {
    long now = System.nanoTime();
    if (duplicate) {
      duplicated.increment();
      return;
    }
    received.increment();
    lastReceiveNanos.accumulate(now);
    if (!warmingUp || sentNanos - latencyFromNanos >= 0) {
      latency.recordValue(Math.max(0, TimeUnit.NANOSECONDS.toMicros(now - sentNanos)));
    }
  }

  void error() {
    errors.increment();
  }

  /** A connection closed before the scenario closed it. */
  void closed() {
    if (!closing) {
      unexpectedCloses.increment();
    }
  }

  /** From now on closes are the scenario's own. */
  void closing() {
    closing = true;
  }

  long sent() {
    return sent.sum();
  }

  long received() {
    return received.sum();
  }

  long duplicated() {
    return duplicated.sum();
  }

  long errors() {
    return errors.sum();
  }

  long unexpectedCloses() {
    return unexpectedCloses.sum();
  }

  long lastReceiveNanos() {
    return lastReceiveNanos.get();
  }

  /** Every latency recorded so far (call once, at the end). */
  Histogram latency() {
    return latency.getIntervalHistogram();
  }
}
