package dev.aedes;

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
 * the RetainManager's retained messages for the new subscriptions ([MQTT-3.3.1-6]).
 */
final class SubscribeHandler {
  private SubscribeHandler() {
  }

  static CompletionStage<Void> handle(Client client, SubscribePacket packet) {
    return subscribe(client, packet.subscriptions(), packet.messageId());
  }

  /** Subscribes; with a non-zero {@code messageId} a SUBACK is sent. */
  static CompletionStage<Void> subscribe(Client client, List<Subscription> requested,
      int messageId) {
    Map<String, Subscription> unique = new LinkedHashMap<>();
    for (Subscription sub : requested) {
      unique.remove(sub.topic());
      unique.put(sub.topic(), sub); // the last of two identical filters wins ([MQTT-3.8.4-3])
    }
    List<Subscription> subs = new ArrayList<>(unique.values());
    List<CompletableFuture<Subscription>> checks = new ArrayList<>(subs.size());
    for (Subscription sub : subs) {
      checks.add(valid(client, sub.topic())
          ? client.broker.hooks.authorizeSubscribe.authorizeSubscribe(client, sub)
              .toCompletableFuture()
          : CompletableFuture.completedFuture(null));
    }
    return CompletableFuture.allOf(checks.toArray(CompletableFuture[]::new))
        .thenComposeAsync(v -> store(client, requested, subs, checks, messageId), client.lane);
  }

  private static CompletionStage<Void> store(Client client, List<Subscription> requested,
      List<Subscription> subs, List<CompletableFuture<Subscription>> checks, int messageId) {
    Aedes broker = client.broker;
    boolean v5 = client.protocolVersion == ProtocolVersion.MQTT_5;
    List<Subscription> granted = new ArrayList<>();
    List<GrantedSubscription> event = new ArrayList<>();
    Map<String, Integer> codeByRequested = new LinkedHashMap<>();
    for (int i = 0; i < subs.size(); i++) {
      Subscription sub = checks.get(i).join();
      String asked = subs.get(i).topic();
      if (sub == null || !valid(client, sub.topic())) {
        int refused = !valid(client, asked) && v5 ? 0x8F : v5 ? 0x87 : 0x80;
        codeByRequested.put(asked, refused);
        event.add(new GrantedSubscription(asked, GrantedSubscription.NEGATED));
        continue;
      }
      granted.add(sub);
      codeByRequested.put(asked, sub.qos());
      event.add(new GrantedSubscription(sub.topic(), sub.qos()));
      client.session.subscriptions().put(sub.topic(), sub);
      broker.subscriptions.add(sub.topic(), client.id, sub);
    }
    CompletionStage<Void> stored = client.session.clean() || granted.isEmpty()
        ? CompletableFuture.completedFuture(null)
        : broker.persistence.addSubscriptions(client.id, granted);
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
      return sendRetained(client, granted);
    }, client.lane);
  }

  /** A well-formed filter within the topic tree's depth limit ([MQTT-4.7.1-1]). */
  private static boolean valid(Client client, String filter) {
    return TopicFilters.isValidFilter(filter) && client.broker.subscriptions.fits(filter);
  }

  private static CompletionStage<Void> sendRetained(Client client, List<Subscription> granted) {
    if (granted.isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    List<String> filters = granted.stream().map(Subscription::topic).toList();
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
              client.outbound.deliver(retained, Math.min(qos, retained.qos()), true);
            }
          }
        }, client.lane);
  }
}
