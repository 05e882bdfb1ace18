package dev.aedes;

import dev.aedes.packet.PublishPacket;
import dev.aedes.packet.Subscription;
import dev.aedes.session.Session;
import dev.aedes.spi.Persistence;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The SessionManager of the stack: which client holds each client id on this broker, and the
 * persistent sessions whose clients are away. A session's subscriptions live in the broker's
 * topic tree whether its client is online or not, so that messages for an absent client are
 * queued ([MQTT-3.1.2-5]).
 */
final class Sessions {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Sessions.class);
  /** Session Expiry Interval 0xFFFFFFFF: the session does not expire. */
  static final long NEVER = 0xFFFF_FFFFL;
  private final Aedes broker;
  private final Map<String, Client> clients = new ConcurrentHashMap<>();
  private final Map<String, Session> away = new ConcurrentHashMap<>();
  /**
   * Clients that took the session of their id ({@link #open}) and are not registered yet. A
   * session passes from {@code away} to here to {@code clients} and back to {@code away}, each
   * step putting it in the next map before taking it out of the last, so that a late message
   * ({@link SessionHandOff#toSession}) looking in that order always finds it.
   */
  private final Map<String, Client> taking = new ConcurrentHashMap<>();
  /**
   * The newest connection that asked for each id, registered, taking the session or still
   * waiting for an older one to let go: the one a new CONNECT takes over from.
   */
  private final Map<String, Client> claims = new ConcurrentHashMap<>();
  /** Sessions the timer is ending; a connection with the same id waits for them. */
  private final Map<String, CompletableFuture<Void>> ending = new ConcurrentHashMap<>();

  Sessions(Aedes broker) {
    this.broker = broker;
  }

  /** The connected client with this id, or null. */
  Client connected(String clientId) {
    return clients.get(clientId);
  }

  /** Connected clients. */
  Iterable<Client> connectedClients() {
    return clients.values();
  }

  int connectedCount() {
    return clients.size();
  }

  /**
   * Makes {@code client} the newest connection asking for its id and returns the one it takes
   * over from, or null ([MQTT-3.1.4-2]). Atomic, so that of CONNECTs arriving together on
   * different lanes each takes over from the one before it and only the last stays.
   */
  Client claim(Client client) {
    return claims.put(client.id, client);
  }

  /** {@code client} has closed and let go of its id: a newer one may open the session. */
  void letGo(Client client) {
    claims.remove(client.id, client);
    client.markIdReleased();
  }

  void register(Client client) {
    clients.put(client.id, client);
    taking.remove(client.id, client);
  }

  /**
   * The client holding the session of this id, registered or still taking it; null when no
   * connection holds it (it is away, ended or never was).
   */
  Client holder(String clientId) {
    Client opening = taking.get(clientId);
    return opening != null ? opening : clients.get(clientId);
  }

  /**
   * Appends {@code packet} to the queue in persistence of the session of {@code clientId} while
   * it is away, if it is {@code expected} (any session when null); null when it is not away.
   * Atomic with a connection taking the session ({@link #open}) and with its end: the append is
   * then made before the new connection reads its queue, or before the store is cleaned, never
   * after. The store's call only submits the write, ordered where it is called even inside
   * {@code Persistence.atomically} (a QoS 2 release).
   */
  CompletionStage<Void> enqueueIfAway(String clientId, Session expected, PublishPacket packet) {
    List<CompletionStage<Void>> appended = new ArrayList<>(1);
    away.computeIfPresent(clientId, (id, session) -> {
      if (expected == null || session == expected) {
        appended.add(broker.persistence.outgoingEnqueue(id, packet));
      }
      return session;
    });
    return appended.isEmpty() ? null : appended.get(0);
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
    for (Map.Entry<String, Map<String, Subscription>> entry : stored.subscriptions().entrySet()) {
      String id = entry.getKey();
      if (clients.containsKey(id) || away.containsKey(id) || taking.containsKey(id)) {
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
        if (expiry < NEVER) {
          session.expiresAt(now + expiry * 1000);
        }
      }
      away.put(id, session);
    }
    return count;
  }

  /** What {@link #recover()} loads: subscriptions, their identifiers, session expiries. */
  private record Stored(Map<String, Map<String, Subscription>> subscriptions,
      Map<String, Map<String, Integer>> identifiers, Map<String, Long> expiries) {
  }

  /**
   * Gives the connecting client its session (run on its lane): a clean one discards what was
   * stored ([MQTT-3.1.2-6], MQTT 5 Clean Start [MQTT-3.1.2-4]); a persistent one resumes the
   * session held here or in persistence, unless it expired, re-authorizing stored
   * subscriptions. Completes with "session present".
   */
  CompletionStage<Boolean> open(Client client) {
    String id = client.id;
    if (client.closed) {
      // closed while it waited for the takeover: it takes nothing (its close, on this lane,
      // is over and would not give the session back)
      return CompletableFuture.completedFuture(false);
    }
    Session previous = away.get(id);
    CompletableFuture<Void> ended = ending.get(id);
    if (previous == null && ended != null) {
      // the timer is ending this session right now: start after it
      return ended.thenComposeAsync(v -> open(client), client.lane);
    }
    boolean expired = previous != null
        && previous.expiresAt() <= broker.options.clock().millis();
    boolean discard = client.clean || expired;
    client.session = discard ? new Session(id, client.sessionExpiry == 0)
        : previous != null && !previous.clean() ? previous : new Session(id, false);
    // from here a late message for the session finds this client, before it leaves away
    taking.put(id, client);
    if (previous != null && !away.remove(id, previous)) {
      taking.remove(id, client); // ended by the timer or taken meanwhile: look again
      client.session = null;
      return open(client);
    }
    if (discard) {
      broker.wills.sessionEnded(id); // a delayed will goes out when its session ends
      if (previous != null) {
        dropSubscriptions(previous);
        redeliverShared(previous);
      }
      CompletionStage<Void> cleaned = broker.persistence.cleanSubscriptions(id);
      if (client.sessionExpiry != 0) {
        // after the clean removed it, on the client's lane like every other write of its own
        cleaned = cleaned.thenRunAsync(() -> storeExpiry(client), client.lane);
      }
      return cleaned.thenApply(v -> false);
    }
    broker.wills.cancel(id); // resumed in time: the delayed will is not sent ([MQTT-3.1.3-9])
    if (client.session == previous) {
      // a session held here is authorized again too, as Aedes does on every restore
      previous.expiresAt(Long.MAX_VALUE);
      storeExpiry(client);
      return restore(client, previous, List.copyOf(previous.subscriptions().values()))
          .thenApply(v -> true);
    }
    Session session = client.session;
    storeExpiry(client);
    CompletionStage<Map<String, Integer>> identifiers =
        broker.persistence.subscriptionIdentifiers(id);
    return broker.persistence.subscriptionsByClient(id)
        .thenCombine(identifiers, (stored, ids) -> {
          session.subscriptionIdentifiers().putAll(ids); // read by restore, on the lane
          return stored;
        })
        .thenComposeAsync(stored -> restore(client, session, List.copyOf(stored.values()))
            .thenApply(v -> !stored.isEmpty()), client.lane);
  }

  /**
   * Stores the Session Expiry Interval of a persistent session when it changed, so that a
   * session recovered after a restart ends in time ([MQTT-3.1.2-23]). Nothing waits for the
   * write (CONNACK would queue behind other clients' writes): lost in a crash, the recovered
   * session keeps the interval stored before, or waits for its client.
   */
  void storeExpiry(Client client) {
    Session session = client.session;
    long interval = client.sessionExpiry;
    if (session.storedExpiryInterval() != interval) {
      session.storedExpiryInterval(interval);
      broker.persistence.putSessionExpiry(client.id, interval).whenComplete((v, e) -> {
        if (e != null) {
          LOG.warn("{}: cannot store the session expiry of {}: {}", broker.id(), client.id,
              e.toString());
        }
      });
    }
  }

  /**
   * Asks {@code authorizeSubscribe} about each restored subscription: a refused one is dropped,
   * a rewritten one replaces the original, in the session and in the topic tree.
   */
  private CompletionStage<Void> restore(Client client, Session session,
      List<Subscription> restored) {
    List<CompletableFuture<Subscription>> checks = new ArrayList<>();
    for (Subscription sub : restored) {
      checks.add(broker.hooks.authorizeSubscribe.authorizeSubscribe(client, sub)
          .toCompletableFuture());
    }
    return CompletableFuture.allOf(checks.toArray(CompletableFuture[]::new))
        .thenRunAsync(() -> {
          for (int i = 0; i < restored.size(); i++) {
            String asked = restored.get(i).topic();
            if (session.subscriptions().remove(asked) != null) {
              broker.subscriptions.remove(asked, session.clientId());
            }
            Integer identifier = session.subscriptionIdentifiers().remove(asked);
            Subscription sub = checks.get(i).join();
            if (sub != null) {
              session.subscriptions().put(sub.topic(), sub);
              if (identifier != null) {
                session.subscriptionIdentifiers().put(sub.topic(), identifier);
              }
              broker.subscriptions.add(session.clientId(), sub,
                  identifier == null ? 0 : identifier);
            }
          }
        }, client.lane);
  }

  /**
   * The client is gone (run on its lane): it no longer holds its id, and its session either
   * ends (clean) or waits for the next connection.
   */
  CompletionStage<Void> close(Client client) {
    String id = client.id;
    if (id == null || (clients.get(id) != client && taking.get(id) != client)) {
      return CompletableFuture.completedFuture(null);
    }
    Session session = client.session;
    if (session == null || session.clean() || client.sessionExpiry == 0) {
      clients.remove(id, client);
      taking.remove(id, client);
    }
    if (session == null) {
      return CompletableFuture.completedFuture(null);
    }
    if (session.clean() || client.sessionExpiry == 0) {
      dropSubscriptions(session);
      for (Session.Pending waiting : session.pending()) {
        waiting.done().accept(new IllegalStateException("client closed: " + id));
      }
      session.pending().clear();
      redeliverShared(session);
      if (session.clean() && !client.receivedQos2) {
        // a clean session was wiped in persistence when it opened and stores no subscriptions
        // and no queue since; only unreleased QoS 2 messages it sent would be left there
        return CompletableFuture.completedFuture(null);
      }
      return broker.persistence.cleanSubscriptions(id);
    }
    session.expiresAt(client.sessionExpiry >= NEVER ? Long.MAX_VALUE
        : broker.options.clock().millis() + client.sessionExpiry * 1000);
    // away before it leaves the client: a late message finds it in one or the other. A client
    // that took the session and closed before CONNACK leaves it away too, not lost
    away.put(id, session);
    clients.remove(id, client);
    taking.remove(id, client);
    return CompletableFuture.completedFuture(null);
  }

  /**
   * Ends the away sessions whose Session Expiry Interval has passed (on the broker's timer):
   * their subscriptions, queue and delayed will go ([MQTT-3.1.2-23]).
   */
  void expire(long now) {
    away.forEach((id, session) -> {
      if (session.expiresAt() > now) {
        return;
      }
      CompletableFuture<Void> ended = new CompletableFuture<>();
      if (ending.putIfAbsent(id, ended) != null) {
        return;
      }
      CompletionStage<Void> cleaned = CompletableFuture.completedFuture(null);
      if (away.remove(id, session)) {
        broker.wills.sessionEnded(id);
        dropSubscriptions(session);
        redeliverShared(session);
        cleaned = broker.persistence.cleanSubscriptions(id);
      }
      cleaned.whenComplete((v, e) -> {
        ending.remove(id, ended);
        ended.complete(null);
      });
    });
  }

  private void dropSubscriptions(Session session) {
    for (String filter : session.subscriptions().keySet()) {
      broker.subscriptions.remove(filter, session.clientId());
    }
    session.subscriptions().clear();
    session.subscriptionIdentifiers().clear();
  }

  /**
   * The session ended with QoS 1 messages of shared subscriptions unacknowledged: each goes to
   * another member of its group ([MQTT 5.0] 4.8.2). A QoS 2 one is not sent to another member
   * ([MQTT-4.8.2-5]).
   */
  private void redeliverShared(Session session) {
    for (PublishPacket sent : session.inflight().values()) { // in the order they were sent
      String shared = session.sharedInflight().get(sent.messageId());
      if (shared != null && sent.qos() == 1) {
        // what was sent carries the interval left; the router works with deadlines
        broker.messageRouter.redeliverShared(shared, broker.expiry.stamp(
            new PublishPacket(false, 1, sent.retain(), sent.topic(), 0, sent.payload(),
                sent.properties())));
      }
    }
    session.sharedInflight().clear();
  }
}
