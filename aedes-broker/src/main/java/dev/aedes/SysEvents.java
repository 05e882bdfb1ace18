package dev.aedes;

import dev.aedes.sys.SysTopics;
import java.util.ArrayList;
import java.util.List;

/** Bridges client events to the {@code $SYS} topics published by the broker itself. */
final class SysEvents {
  private final Aedes broker;
  private final SysTopics topics;

  SysEvents(Aedes broker) {
    this.broker = broker;
    this.topics = new SysTopics(broker.id(), packet -> broker.publishInternal(packet, null));
  }

  void heartbeat() {
    topics.heartbeat(broker.id());
  }

  void newClient(Client client) {
    topics.newClient(client.id);
  }

  void disconnectedClient(Client client) {
    topics.disconnectedClient(client.id);
  }

  void newSubscribers(Client client, List<GrantedSubscription> subs) {
    List<String> filters = new ArrayList<>(subs.size());
    List<Integer> qos = new ArrayList<>(subs.size());
    for (GrantedSubscription sub : subs) {
      filters.add(sub.topic());
      qos.add(sub.qos());
    }
    topics.newSubscribers(client.id, filters, qos);
  }

  void newUnsubscribers(Client client, List<String> filters) {
    topics.newUnsubscribers(client.id, filters);
  }
}
