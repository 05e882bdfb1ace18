package dev.aedes;

import dev.aedes.packet.PacketException;
import dev.aedes.packet.ProtocolVersion;
import dev.aedes.packet.PublishPacket;
import dev.aedes.packet.SubackPacket;
import dev.aedes.packet.SubscribePacket;
import dev.aedes.packet.Subscription;
import dev.aedes.topic.TopicFilters;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The SubscriptionManager's SUBSCRIBE: validate each filter, {@code authorizeSubscribe} it,
 * store it in the session, the topic tree and (persistent sessions) persistence, SUBACK, then
 * the RetainManager's retained messages for the new subscriptions ([MQTT-3.3.1-9] ..
 * [MQTT-3.3.1-11]). MQTT 5 options and refusals are in {@link SubscribeRules}.
 */
final class SubscribeHandler {
  private SubscribeHandler() {
  }

  static CompletionStage<Void> handle(Client client, SubscribePacket packet) {
    Integer identifier = packet.properties().subscriptionIdentifier();
    return subscribe(client, packet.subscriptions(), packet.messageId(),
        identifier == null ? 0 : identifier);
  }

  /** Subscribes; with a non-zero {@code messageId} a SUBACK is sent. */
  static CompletionStage<Void> subscribe(Client client, List<Subscription> requested,
      int messageId) {
    return subscribe(client, requested, messageId, 0);
  }

  /** Subscribes with a Subscription Identifier (0 for none). */
  static CompletionStage<Void> subscribe(Client client, List<Subscription> requested,
      int messageId, int identifier) {
    PacketException error = SubscribeRules.protocolError(client, requested);
    if (error != null) {
      return CompletableFuture.failedFuture(error);
    }
    Map<String, Subscription> unique = new LinkedHashMap<>();
    for (Subscription sub : requested) {
      unique.remove(sub.topic());
      unique.put(sub.topic(), sub); // the last of two identical filters wins ([MQTT-3.8.4-3])
    }
    List<Subscription> subs = new ArrayList<>(unique.values());
    List<CompletableFuture<Subscription>> checks = new ArrayList<>(subs.size());
    for (Subscription sub : subs) {
      checks.add(SubscribeRules.refusal(client, sub.topic(), identifier) < 0
          ? client.broker.hooks.authorizeSubscribe.authorizeSubscribe(client, sub)
              .toCompletableFuture()
          : CompletableFuture.completedFuture(null));
    }
    return CompletableFuture.allOf(checks.toArray(CompletableFuture[]::new))
        .thenComposeAsync(v -> store(client, requested, subs, checks, messageId, identifier),
            client.lane);
  }

  private static CompletionStage<Void> store(Client client, List<Subscription> requested,
      List<Subscription> subs, List<CompletableFuture<Subscription>> checks, int messageId,
      int identifier) {
    Aedes broker = client.broker;
    boolean v5 = client.protocolVersion == ProtocolVersion.MQTT_5;
    List<Subscription> granted = new ArrayList<>();
    List<Subscription> retainedFor = new ArrayList<>();
    List<GrantedSubscription> event = new ArrayList<>();
    Map<String, Integer> codeByRequested = new LinkedHashMap<>();
    for (int i = 0; i < subs.size(); i++) {
      Subscription sub = checks.get(i).join();
      String asked = subs.get(i).topic();
      int refused = SubscribeRules.refusal(client, asked, identifier);
      if (refused < 0 && (sub == null || SubscribeRules.refusal(client, sub.topic(), 0) >= 0)) {
        refused = v5 ? 0x87 : 0x80; // negated, or rewritten to a filter refused here
      }
      if (refused >= 0) {
        codeByRequested.put(asked, refused);
        event.add(new GrantedSubscription(asked, GrantedSubscription.NEGATED));
        continue;
      }
      sub = FlowControl.grant(client, sub);
      granted.add(sub);
      codeByRequested.put(asked, sub.qos());
      event.add(new GrantedSubscription(sub.topic(), sub.qos()));
      boolean existed = client.session.subscriptions().put(sub.topic(), sub) != null;
      if (identifier > 0) {
        client.session.subscriptionIdentifiers().put(sub.topic(), identifier);
      } else {
        client.session.subscriptionIdentifiers().remove(sub.topic());
      }
      broker.subscriptions.add(client.id, sub, identifier);
      if (SubscribeRules.sendsRetained(sub, existed)) {
        retainedFor.add(sub);
      }
    }
    CompletionStage<Void> stored = client.session.clean() || granted.isEmpty()
        ? CompletableFuture.completedFuture(null)
        : broker.persistence.addSubscriptions(client.id, granted, identifier);
    return stored.thenComposeAsync(v -> {
      if (messageId != 0) {
        List<Integer> codes = new ArrayList<>(requested.size());
        for (Subscription sub : requested) {
          codes.add(codeByRequested.get(sub.topic())); // one code per filter, in order
        }
        client.conn.suback(new SubackPacket(messageId, codes));
      }
      Events.emit(broker.events.subscribe, event, client);
      broker.sys.newSubscribers(client, event);
      return sendRetained(client, retainedFor, identifier);
    }, client.lane);
  }

  private static CompletionStage<Void> sendRetained(Client client, List<Subscription> granted,
      int identifier) {
    if (granted.isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    List<String> filters = granted.stream().map(Subscription::topic).toList();
    boolean v5 = client.protocolVersion == ProtocolVersion.MQTT_5;
    // sent because of this SUBSCRIBE, so with its Subscription Identifier ([MQTT-3.3.4-3])
    List<Integer> ids = v5 && identifier > 0 ? List.of(identifier) : List.of();
    return client.broker.persistence.retainedMatching(filters)
        .thenAcceptAsync(messages -> {
          for (PublishPacket retained : messages) {
            int qos = -1;
            for (Subscription sub : granted) {
              if (TopicFilters.matches(sub.topic(), retained.topic())) {
                qos = Math.max(qos, sub.qos());
              }
            }
            if (qos >= 0) {
              client.outbound.deliver(Router.withSubscriptionIdentifiers(retained, ids),
                  Math.min(qos, retained.qos()), true);
            }
          }
        }, client.lane);
  }
}
