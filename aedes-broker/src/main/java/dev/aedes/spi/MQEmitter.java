package dev.aedes.spi;

import dev.aedes.packet.PublishPacket;
import java.util.concurrent.CompletionStage;

/**
 * The message bus between brokers (mqemitter's contract): listeners register for a topic
 * filter with MQTT wildcards, {@link #emit} hands a message to every matching listener. The
 * in-memory one serves one node; a Redis one joins several nodes into a cluster.
 */
public interface MQEmitter {
  /** Receives emitted messages whose topic matches the filter it was registered with. */
  @FunctionalInterface
  interface Listener {
    /**
     * Called for each matching message; call {@code done} when finished with it, exactly once
     * (the emit of this message completes only after that, and the emitter may wait for it
     * before it emits the next message to this listener).
     */
    void onMessage(PublishPacket packet, Runnable done);
  }

  /** Registers {@code listener} for {@code topicFilter}; completes when it is active. */
  CompletionStage<Void> on(String topicFilter, Listener listener);

  /** Removes one registration (same filter and same listener object). */
  CompletionStage<Void> removeListener(String topicFilter, Listener listener);

  /**
   * Delivers {@code packet} to every matching listener, to each in emit order; completes once
   * every listener of this process called {@code done} (as mqemitter's emit callback), or, for
   * listeners elsewhere (a cluster), once it is handed over. A listener that throws is logged and does not keep the message from
   * the others. After {@link #close} the stage fails with an IllegalStateException and no
   * listener is called.
   */
  CompletionStage<Void> emit(PublishPacket packet);

  /** Stops delivering and frees resources; calling it again does nothing. */
  CompletionStage<Void> close();
}
