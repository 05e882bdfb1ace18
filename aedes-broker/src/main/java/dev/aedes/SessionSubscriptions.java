package dev.aedes;

import dev.aedes.packet.PublishPacket;
import dev.aedes.packet.Subscription;
import dev.aedes.session.Session;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A session's subscriptions in the broker's topic tree, for {@link Sessions}: re-authorized
 * when the session resumes, dropped when it ends, its unacknowledged messages of shared
 * subscriptions then going to another member of their group.
 */
final class SessionSubscriptions {
  private final Aedes broker;

  SessionSubscriptions(Aedes broker) {
    this.broker = broker;
  }

  /**
   * Asks {@code authorizeSubscribe} about each restored subscription: a refused one is dropped,
   * a rewritten one replaces the original, in the session and in the topic tree.
   */
  CompletionStage<Void> restore(Client client, Session session, List<Subscription> restored) {
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

  /** Takes the session's subscriptions out of the topic tree and out of the session. */
  void drop(Session session) {
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
  void redeliverShared(Session session) {
    for (PublishPacket sent : session.inflight().values()) { // in the order they were sent
      String shared = session.sharedInflight().get(sent.messageId());
      long expiresAt = session.takeSharedExpiresAt(sent.messageId());
      if (shared != null && sent.qos() == 1) {
        // the router works with deadlines: the one it had when sent, not the interval left
        // then counted again from now ([MQTT-3.3.2-5]); an expired one is dropped on the way
        PublishPacket copy = new PublishPacket(false, 1, sent.retain(), sent.topic(), 0,
            sent.payload(), sent.properties());
        broker.messageRouter.redeliverShared(shared, expiresAt == Long.MAX_VALUE
            ? broker.expiry.stamp(copy) : broker.expiry.stampedAt(copy, expiresAt));
      }
    }
    session.sharedInflight().clear();
  }
}
