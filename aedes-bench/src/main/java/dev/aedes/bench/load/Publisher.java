package dev.aedes.bench.load;

import dev.aedes.connection.Connection;
import dev.aedes.packet.PublishPacket;
import io.netty.channel.EventLoop;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The publisher side of one client: sends its quota of messages to one topic as fast as the
 * connection stays writable, at QoS 1 and 2 with at most {@code window} unacknowledged messages,
 * optionally held to a rate. Every method but {@link #start}, {@link #stop} and the getters runs
 * on the client's event loop.
 */
final class Publisher {
  private static final int MAX_MESSAGE_ID = 0xFFFF;

  private final BenchClient client;
  private final Connection connection;
  private final int number;
  private final String topic;
  private final int qos;
  private final long quota;
  private final int window;
  private final int payloadSize;
  private final Tracker tracker;
  private final boolean[] inUse = new boolean[MAX_MESSAGE_ID + 1];
  private int nextId = 1;
  private long sequence;
  private double ratePerNano;
  private double tokens;
  private long lastRefill;
  private ScheduledFuture<?> ticker;
  private volatile int inflight;
  private volatile boolean stopped;
  private volatile boolean quotaSent;

  Publisher(BenchClient client, int number, String topic, int qos, long quota, int window,
      int payloadSize, Tracker tracker) {
    this.client = client;
    this.connection = client.connection();
    this.number = number;
    this.topic = topic;
    this.qos = qos;
    this.quota = quota;
    this.window = Math.min(Math.max(window, 1), MAX_MESSAGE_ID);
    this.payloadSize = payloadSize;
    this.tracker = tracker;
    client.publisher(this);
  }

  /** Starts sending, unthrottled when {@code ratePerSecond} is 0. */
  void start(double ratePerSecond) {
    EventLoop loop = client.eventLoop();
    loop.execute(() -> {
      if (ratePerSecond > 0) {
        ratePerNano = ratePerSecond / 1e9;
        lastRefill = System.nanoTime();
        tokens = 1;
        ticker = loop.scheduleAtFixedRate(this::refill, 1, 1, TimeUnit.MILLISECONDS);
      }
      pump();
    });
  }

  /** Sends nothing more (the time is up); acknowledgements are still taken. */
  void stop() {
    stopped = true;
    client.eventLoop().execute(() -> {
      if (ticker != null) {
        ticker.cancel(false);
      }
    });
  }

  /** Whether the whole quota has been sent. */
  boolean quotaSent() {
    return quotaSent;
  }

  /** Messages sent and not yet acknowledged (PUBACK, or PUBCOMP at QoS 2). */
  int inflight() {
    return inflight;
  }

  /** Sends while there is quota, window, rate allowance and room in the channel. */
  void pump() {
    while (!stopped && sequence < quota && inflight < window && connection.isWritable()) {
      if (ratePerNano > 0) {
        if (tokens < 1) {
          return;
        }
        tokens--;
      }
      send();
    }
    if (sequence >= quota && !quotaSent) {
      quotaSent = true;
      if (ticker != null) {
        ticker.cancel(false);
      }
    }
  }

  /** PUBACK (QoS 1) or PUBCOMP (QoS 2) for {@code messageId}. */
  void acked(int messageId) {
    if (messageId < 1 || messageId > MAX_MESSAGE_ID || !inUse[messageId]) {
      tracker.error();
      return;
    }
    inUse[messageId] = false;
    inflight--;
    pump();
  }

  private void send() {
    int messageId = 0;
    if (qos > 0) {
      messageId = nextFreeId();
      inUse[messageId] = true;
      inflight++;
    }
    byte[] payload = Payload.encode(number, sequence++, System.nanoTime(), payloadSize);
    tracker.countSent();
    connection.publish(new PublishPacket(topic, payload, qos, messageId, false));
  }

  private int nextFreeId() {
    // The window is below 65535, so a free id is always found.
    while (inUse[nextId]) {
      nextId = nextId == MAX_MESSAGE_ID ? 1 : nextId + 1;
    }
    int id = nextId;
    nextId = nextId == MAX_MESSAGE_ID ? 1 : nextId + 1;
    return id;
  }

  private void refill() {
    long now = System.nanoTime();
    // At most 10 ms of allowance piles up, so a stall is not followed by a burst.
    tokens = Math.min(tokens + (now - lastRefill) * ratePerNano,
        Math.max(1, ratePerNano * 10_000_000L));
    lastRefill = now;
    pump();
  }
}
