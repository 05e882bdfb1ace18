package dev.aedes;

import dev.aedes.packet.Subscription;
import dev.aedes.session.Session;
import dev.aedes.spi.Persistence;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Brings the persistent sessions stored in persistence back at start ({@link Aedes#ready}), as
 * sessions whose clients are away, so that their subscriptions route messages again before the
 * clients reconnect.
 */
final class SessionRecovery {
  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(SessionRecovery.class);
  private final Aedes broker;

  SessionRecovery(Aedes broker) {
    this.broker = broker;
  }

  /**
   * Loads the stored subscriptions of every persistent session at start ({@link Aedes#ready}),
   * logging how many and how long it took; a store that cannot list them leaves each session to
   * be restored when its client reconnects.
   */
  CompletableFuture<Void> recover() {
    long start = System.nanoTime();
    Persistence persistence = broker.persistence;
    CompletableFuture<Map<String, Map<String, Integer>>> identifiers =
        persistence.allSubscriptionIdentifiers().toCompletableFuture();
    CompletableFuture<Map<String, Long>> expiries =
        persistence.allSessionExpiries().toCompletableFuture();
    return persistence.allSubscriptions().toCompletableFuture()
        .thenCombine(identifiers, (subs, ids) -> new Stored(subs, ids, Map.of()))
        .thenCombine(expiries, (loaded, expiry) ->
            new Stored(loaded.subscriptions(), loaded.identifiers(), expiry))
        .handle((stored, e) -> {
      Throwable cause = e instanceof CompletionException c && c.getCause() != null
          ? c.getCause() : e;
      if (cause instanceof UnsupportedOperationException) {
        LOG.info("{}: sessions are restored when their clients reconnect", broker.id());
        return null;
      }
      if (cause != null) {
        throw new CompletionException(
            new IllegalStateException("cannot recover the stored sessions", cause));
      }
      int subscriptionCount = recover(stored);
      LOG.info("recovered {} sessions, {} subscriptions in {} ms", stored.subscriptions().size(),
          subscriptionCount, (System.nanoTime() - start) / 1_000_000);
      return null;
    });
  }

  /**
   * Registers the stored subscriptions of persistent sessions as sessions whose clients are
   * away (at start, before clients connect), so that messages published before a client comes
   * back after a restart are queued for it ([MQTT-3.1.2-5]), with their Subscription
   * Identifiers. A stored Session Expiry Interval counts from the start (the time the
   * connection was lost is not stored); without one a session waits for its client. Returns
   * how many subscriptions it added.
   */
  private int recover(Stored stored) {
    int count = 0;
    long now = broker.options.clock().millis();
    Sessions sessions = broker.sessions;
    for (Map.Entry<String, Map<String, Subscription>> entry : stored.subscriptions().entrySet()) {
      String id = entry.getKey();
      if (sessions.knows(id)) {
        continue; // already connected or known: its own session wins
      }
      Session session = new Session(id, false);
      Map<String, Integer> identifiers = stored.identifiers().getOrDefault(id, Map.of());
      for (Subscription sub : entry.getValue().values()) {
        session.subscriptions().put(sub.topic(), sub);
        Integer identifier = identifiers.get(sub.topic());
        if (identifier != null) {
          session.subscriptionIdentifiers().put(sub.topic(), identifier);
        }
        broker.subscriptions.add(id, sub, identifier == null ? 0 : identifier);
        count++;
      }
      Long expiry = stored.expiries().get(id);
      if (expiry != null) {
        session.storedExpiryInterval(expiry);
        if (expiry < Sessions.NEVER) {
          session.expiresAt(now + expiry * 1000);
        }
      }
      sessions.recovered(session);
    }
    return count;
  }

  /** What {@link #recover()} loads: subscriptions, their identifiers, session expiries. */
  private record Stored(Map<String, Map<String, Subscription>> subscriptions,
      Map<String, Map<String, Integer>> identifiers, Map<String, Long> expiries) {
  }
}
