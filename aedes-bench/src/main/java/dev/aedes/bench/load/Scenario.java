package dev.aedes.bench.load;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The scenarios of issue 5, with their default scale. Each is bounded by a message count and by
 * seconds; {@code clients} means publishers (fan-in, QoS 2, latency), subscribers (fan-out),
 * publisher-subscriber pairs (pairs) or idle connections.
 */
enum Scenario {
  /** 50 publishers to bench/i, one subscriber on bench/#, 1M messages, QoS 0. */
  FANIN_QOS0(0, 50, 1_000_000, 60, 0),
  /** The same at QoS 1, with a bounded in-flight window per publisher. */
  FANIN_QOS1(1, 50, 1_000_000, 60, 0),
  /** 1000 clients each subscribed to its own topic and publishing 1000 QoS 1 messages to it. */
  PAIRS_QOS1(1, 1000, 1_000_000, 60, 0),
  /** One publisher, 1000 subscribers on one topic, 1000 messages (1M deliveries), QoS 0. */
  FANOUT_QOS0(0, 1000, 1000, 60, 0),
  /** 100 publishers each to its own subscriber, exactly once: no loss, no duplicate. */
  QOS2(2, 100, 100_000, 60, 0),
  /** One publisher, one subscriber, QoS 1 at a fixed rate; the percentiles are the result. */
  LATENCY(1, 1, 100_000, 20, 5000),
  /** Idle clients: connect rate and broker RSS per connection. */
  CONNECTIONS(0, 50_000, 0, 120, 0);

  final int qos;
  final int defaultClients;
  final long defaultMessages;
  final int defaultSeconds;
  final int defaultRate;

  Scenario(int qos, int defaultClients, long defaultMessages, int defaultSeconds,
      int defaultRate) {
    this.qos = qos;
    this.defaultClients = defaultClients;
    this.defaultMessages = defaultMessages;
    this.defaultSeconds = defaultSeconds;
    this.defaultRate = defaultRate;
  }

  /** The command-line name: fanin-qos0, pairs-qos1, ... */
  String label() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** The scenario named {@code label}. */
  static Scenario of(String label) {
    for (Scenario scenario : values()) {
      if (scenario.label().equals(label)) {
        return scenario;
      }
    }
    throw new IllegalArgumentException("unknown scenario " + label + "; one of "
        + String.join(", ", labels()) + " or all");
  }

  static List<String> labels() {
    List<String> labels = new ArrayList<>();
    for (Scenario scenario : values()) {
      labels.add(scenario.label());
    }
    return labels;
  }

  /** Who publishes where and who listens, for {@code clients} clients. */
  Plan plan(int clients) {
    List<Plan.Subscriber> subs = new ArrayList<>();
    List<Plan.Publisher> pubs = new ArrayList<>();
    switch (this) {
      case FANIN_QOS0, FANIN_QOS1 -> {
        subs.add(new Plan.Subscriber(0, "bench/#"));
        for (int i = 0; i < clients; i++) {
          pubs.add(new Plan.Publisher(i + 1, "bench/" + i));
        }
        return new Plan(clients + 1, subs, pubs, 1);
      }
      case PAIRS_QOS1 -> {
        for (int i = 0; i < clients; i++) {
          subs.add(new Plan.Subscriber(i, "bench/pairs/" + i));
          pubs.add(new Plan.Publisher(i, "bench/pairs/" + i));
        }
        return new Plan(clients, subs, pubs, 1);
      }
      case FANOUT_QOS0 -> {
        pubs.add(new Plan.Publisher(0, "bench/fanout"));
        for (int i = 0; i < clients; i++) {
          subs.add(new Plan.Subscriber(i + 1, "bench/fanout"));
        }
        return new Plan(clients + 1, subs, pubs, clients);
      }
      case QOS2 -> {
        for (int i = 0; i < clients; i++) {
          pubs.add(new Plan.Publisher(i, "bench/qos2/" + i));
          subs.add(new Plan.Subscriber(clients + i, "bench/qos2/" + i));
        }
        return new Plan(2 * clients, subs, pubs, 1);
      }
      case LATENCY -> {
        subs.add(new Plan.Subscriber(0, "bench/latency"));
        for (int i = 0; i < clients; i++) {
          pubs.add(new Plan.Publisher(i + 1, "bench/latency"));
        }
        return new Plan(clients + 1, subs, pubs, 1);
      }
      default -> throw new IllegalStateException(label() + " sends no messages");
    }
  }
}
