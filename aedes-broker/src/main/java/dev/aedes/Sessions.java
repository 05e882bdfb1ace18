package dev.aedes;

import dev.aedes.packet.PublishPacket;
import dev.aedes.session.Session;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
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
  /** Sessions the timer is ending; a connection with the same id waits for them. */
  private final Map<String, CompletableFuture<Void>> ending = new ConcurrentHashMap<>();
  private final SessionSubscriptions subscriptions;

  Sessions(Aedes broker) {
    this.broker = broker;
    this.subscriptions = new SessionSubscriptions(broker);
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

  void register(Client client) {
    clients.put(client.id, client);
    taking.remove(client.id, client);
  }

  /** A connection or a session of this id is known here ({@link SessionRecovery} at start). */
  boolean knows(String clientId) {
    return clients.containsKey(clientId) || away.containsKey(clientId)
        || taking.containsKey(clientId);
  }

  /** A session recovered from persistence at start: away until its client reconnects. */
  void recovered(Session session) {
    away.put(session.clientId(), session);
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
        subscriptions.drop(previous);
        subscriptions.redeliverShared(previous);
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
      return subscriptions.restore(client, previous,
          List.copyOf(previous.subscriptions().values())).thenApply(v -> true);
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
        .thenComposeAsync(stored -> subscriptions.restore(client, session,
            List.copyOf(stored.values())).thenApply(v -> !stored.isEmpty()), client.lane);
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
      subscriptions.drop(session);
      for (Session.Pending waiting : session.pending()) {
        waiting.done().accept(new IllegalStateException("client closed: " + id));
      }
      session.pending().clear();
      subscriptions.redeliverShared(session);
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
        subscriptions.drop(session);
        subscriptions.redeliverShared(session);
        cleaned = broker.persistence.cleanSubscriptions(id);
      }
      cleaned.whenComplete((v, e) -> {
        ending.remove(id, ended);
        ended.complete(null);
      });
    });
  }
}
