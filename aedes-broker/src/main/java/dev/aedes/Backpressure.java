package dev.aedes;

import dev.aedes.connection.WriteCallback;
import dev.aedes.packet.PublishPacket;
import java.util.Iterator;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Fan-in backpressure for one subscriber. When a message goes to it while it is not keeping up
 * (its connection not writable, or more than {@link #BACKLOG_HIGH} bytes of messages handed to
 * its lane and not yet written), the publisher is not read until the subscriber drains, or for
 * at most {@link #MAX_PAUSE_MS}: publishers slow to what the subscriber takes,
 * instead of its messages piling up in memory and being dropped at
 * {@link AedesOptions#maxQueuedBytes}. A subscriber that holds maxQueuedBytes, or has not
 * drained once for {@link #MAX_PAUSE_MS}, counts as stuck: publishers are not paused for it
 * (its new QoS 0 messages are dropped beyond maxQueuedBytes), and a pause never outlasts
 * {@link #MAX_PAUSE_MS}, so a client that stops reading cannot stall its publishers (nor their
 * keep alive) for long.
 */
final class Backpressure {
  static final long MAX_PAUSE_MS = 2000;
  /** Overloaded this long without draining once: the subscriber counts as stuck. */
  static final long STUCK_NANOS = TimeUnit.MILLISECONDS.toNanos(MAX_PAUSE_MS);
  /** Bytes handed to the subscriber's lane and not yet written above which publishers pause. */
  static final long BACKLOG_HIGH = 1 << 20;
  /** ... and at or below which they are read again. */
  static final long BACKLOG_LOW = BACKLOG_HIGH / 2;

  private final Client subscriber;
  private final Set<Client> paused = ConcurrentHashMap.newKeySet();
  private final AtomicLong backlog = new AtomicLong();
  /** Since when (nanoTime) the subscriber is overloaded and no write reached its socket, or 0. */
  private final AtomicLong overloadedSince = new AtomicLong();
  /** Writes that reached the subscriber's socket; counted on its event loop only. */
  private volatile long writes;
  private volatile long writesSeen;
  /** The write callback of messages sent without one: counts the subscriber's progress. */
  final WriteCallback written = error -> writes++;

  Backpressure(Client subscriber) {
    this.subscriber = subscriber;
  }

  /** On the publisher's thread, before {@code publisher}'s message is handed to the subscriber. */
  void check(Client publisher) {
    if (publisher == null || publisher == subscriber || !overloaded()
        || publisher.conn.channel() == null || subscriber.closed || stuck()) {
      return;
    }
    paused.add(publisher);
    if (publisher.readGate.set(ReadGate.SLOW_SUBSCRIBER, true)) {
      subscriber.broker.readPauses.increment();
      publisher.lane.schedule(() -> {
        paused.remove(publisher);
        resume(publisher);
      }, MAX_PAUSE_MS, TimeUnit.MILLISECONDS);
    }
    if (!overloaded() || subscriber.closed) {
      // it drained, or closed, while the publisher was being paused (its drained() may have
      // run between the add and the pause, and found nothing to resume)
      paused.remove(publisher);
      resume(publisher);
    }
  }

  private boolean stuck() {
    long now = System.nanoTime();
    long seen = writes;
    if (seen != writesSeen) {
      writesSeen = seen; // it is taking messages: the clock starts again
      overloadedSince.set(now);
      return false;
    }
    long since = overloadedSince.get();
    if (since == 0) {
      overloadedSince.compareAndSet(0, now);
      return false;
    }
    return now - since > STUCK_NANOS || subscriber.conn.pendingWriteBytes() + backlog.get()
        >= subscriber.broker.options.maxQueuedBytes();
  }

  private boolean overloaded() {
    return !subscriber.conn.isWritable() || backlog.get() > BACKLOG_HIGH;
  }

  /** A message of about {@code bytes} is handed to the subscriber's lane. */
  void handedOff(long bytes) {
    backlog.addAndGet(bytes);
  }

  /** On the subscriber's lane: the message handed off is written (or dropped). */
  void taken(long bytes) {
    if (backlog.addAndGet(-bytes) <= BACKLOG_LOW && !paused.isEmpty()
        && subscriber.conn.isWritable()) {
      drained();
    }
  }

  /** What a message counts for in the backlog. */
  static long size(PublishPacket packet) {
    return packet.payload().length + packet.topic().length() + 16;
  }

  /** The subscriber's socket drained, or it closed: the publishers it paused are read again. */
  void drained() {
    overloadedSince.set(0);
    for (Iterator<Client> it = paused.iterator(); it.hasNext(); ) {
      Client publisher = it.next();
      it.remove();
      resume(publisher);
    }
  }

  private static void resume(Client publisher) {
    if (publisher.readGate.set(ReadGate.SLOW_SUBSCRIBER, false)) {
      // a PINGREQ it sent while not read is no silence of the client's ([MQTT-3.1.2-24])
      publisher.keepAlive.touch();
    }
  }
}
