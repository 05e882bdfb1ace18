package dev.aedes;

import dev.aedes.packet.PublishPacket;
import dev.aedes.packet.Subscription;
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
  private final Aedes broker;
  private final Map<String, Client> clients = new ConcurrentHashMap<>();
  private final Map<String, Session> away = new ConcurrentHashMap<>();

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

  void register(Client client) {
    clients.put(client.id, client);
  }

  /**
   * Gives the connecting client its session (run on its lane): a clean one discards what was
   * stored ([MQTT-3.1.2-6]); a persistent one resumes the session held here or in persistence,
   * re-authorizing stored subscriptions. Completes with "session present".
   */
  CompletionStage<Boolean> open(Client client) {
    String id = client.id;
    Session previous = away.remove(id);
    if (client.clean) {
      if (previous != null) {
        dropSubscriptions(previous);
      }
      client.session = new Session(id, true);
      return broker.persistence.cleanSubscriptions(id).thenApply(v -> false);
    }
    if (previous != null && !previous.clean()) {
      // a session held here is authorized again too, as Aedes does on every restore
      client.session = previous;
      return restore(client, previous, List.copyOf(previous.subscriptions().values()))
          .thenApply(v -> true);
    }
    Session session = new Session(id, false);
    client.session = session;
    return broker.persistence.subscriptionsByClient(id)
        .thenComposeAsync(stored -> restore(client, session, List.copyOf(stored.values()))
            .thenApply(v -> !stored.isEmpty()), client.lane);
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
    if (client.id == null || !clients.remove(client.id, client)) {
      return CompletableFuture.completedFuture(null);
    }
    Session session = client.session;
    if (session == null) {
      return CompletableFuture.completedFuture(null);
    }
    if (session.clean()) {
      dropSubscriptions(session);
      redeliverShared(session);
      return broker.persistence.cleanSubscriptions(client.id);
    }
    away.put(client.id, session);
    return CompletableFuture.completedFuture(null);
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
        broker.messageRouter.redeliverShared(shared,
            new PublishPacket(false, 1, sent.retain(), sent.topic(), 0, sent.payload(),
                sent.properties()));
      }
    }
    session.sharedInflight().clear();
  }
}
