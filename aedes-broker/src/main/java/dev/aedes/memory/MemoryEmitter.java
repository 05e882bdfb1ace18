package dev.aedes.memory;

import dev.aedes.packet.PublishPacket;
import dev.aedes.spi.MQEmitter;
import dev.aedes.topic.TopicTree;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The in-process {@link MQEmitter}: a topic tree of listeners, emitting on the caller's thread.
 * As mqemitter does, '#' and '+' also match topics starting with '$': the broker applies the
 * '$' rule to client subscriptions itself.
 */
public final class MemoryEmitter implements MQEmitter {
  private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);
  private static final Runnable NOTHING = () -> { };
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
    listeners.match(packet.topic(), (listener, ignored) -> deliver(listener, packet));
    return DONE;
  }

  private static void deliver(Listener listener, PublishPacket packet) {
    try {
      listener.onMessage(packet, NOTHING);
    } catch (RuntimeException e) {
      // one failing listener (user code via Aedes.subscribe) must not starve the others
      LOG.error("listener failed on a message for {}", packet.topic(), e);
    }
  }

  @Override
  public CompletionStage<Void> close() {
    closed = true;
    return DONE;
  }
}
