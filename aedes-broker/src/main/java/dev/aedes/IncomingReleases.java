package dev.aedes;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Incoming QoS 2 messages being released, by client id and message id: a PUBREL re-sent on a
 * new connection while the first one's release is still running waits for it rather than route
 * the message a second time ([MQTT-4.3.3-10]).
 */
final class IncomingReleases {
  private final Map<Key, CompletableFuture<Void>> running = new ConcurrentHashMap<>();

  /** Records {@code release} as running; returns the one already running instead, or null. */
  CompletableFuture<Void> start(String clientId, int messageId,
      CompletableFuture<Void> release) {
    return running.putIfAbsent(new Key(clientId, messageId), release);
  }

  /** The release ended (its stored PUBLISH deleted, or failed): completes it. */
  void finish(String clientId, int messageId, CompletableFuture<Void> release, Throwable error) {
    running.remove(new Key(clientId, messageId), release);
    if (error != null) {
      release.completeExceptionally(error);
    } else {
      release.complete(null);
    }
  }

  private record Key(String clientId, int messageId) {
  }
}
