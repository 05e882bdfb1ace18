package dev.aedes.memory;

import dev.aedes.packet.PublishPacket;
import dev.aedes.spi.MQEmitter;
import dev.aedes.topic.TopicTree;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The in-process {@link MQEmitter}: a topic tree of listeners, emitting on the caller's thread.
 * As mqemitter does, '#' and '+' also match topics starting with '$': the broker applies the
 * '$' rule to client subscriptions itself; and as mqemitter does, {@link #emit} completes once
 * every listener called {@code done} (the broker's listener does so when the message is stored
 * for the offline sessions it is for, so a PUBACK waits for that).
 */
public final class MemoryEmitter implements MQEmitter {
  private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);
  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(MemoryEmitter.class);

  private final TopicTree<Listener, Boolean> listeners = new TopicTree<>(128, false);
  private volatile boolean closed;

  @Override
  public CompletionStage<Void> on(String topicFilter, Listener listener) {
    listeners.add(topicFilter, listener, Boolean.TRUE);
    return DONE;
  }

  @Override
  public CompletionStage<Void> removeListener(String topicFilter, Listener listener) {
    listeners.remove(topicFilter, listener);
    return DONE;
  }

  @Override
  public CompletionStage<Void> emit(PublishPacket packet) {
    if (closed) {
      return CompletableFuture.failedFuture(new IllegalStateException("emitter is closed"));
    }
    Emission emission = new Emission();
    listeners.match(packet.topic(), (listener, ignored) -> emission.deliver(listener, packet));
    return emission.handedOver();
  }

  /**
   * One emit: counts the listeners that have not called {@code done} yet, plus one for the
   * emit itself, so the usual case (every listener done at once) ends with a completed stage
   * and no thread hop.
   */
  private static final class Emission extends AtomicInteger {
    private final CompletableFuture<Void> done = new CompletableFuture<>();

    Emission() {
      super(1);
    }

    void deliver(Listener listener, PublishPacket packet) {
      incrementAndGet();
      Once once = new Once(this);
      try {
        listener.onMessage(packet, once);
      } catch (RuntimeException e) {
        // one failing listener (user code via Aedes.subscribe) must not starve the others
        LOG.error("listener failed on a message for {}", packet.topic(), e);
        once.run();
      }
    }

    void listenerDone() {
      if (decrementAndGet() == 0) {
        done.complete(null);
      }
    }

    CompletionStage<Void> handedOver() {
      listenerDone();
      return done;
    }
  }

  /** A listener's {@code done}: counts once however often it is called. */
  private static final class Once extends java.util.concurrent.atomic.AtomicBoolean
      implements Runnable {
    private final Emission emission;

    Once(Emission emission) {
      this.emission = emission;
    }

    @Override
    public void run() {
      if (compareAndSet(false, true)) {
        emission.listenerDone();
      }
    }
  }

  @Override
  public CompletionStage<Void> close() {
    closed = true;
    return DONE;
  }
}
