package dev.aedes.bench.load;

import java.net.InetSocketAddress;

/**
 * The knobs of a run. Null {@code messages}, {@code clients}, {@code seconds} and {@code rate}
 * mean each scenario's default; {@code scale} multiplies the default message count and
 * connection count (not an explicit one); latency sends rate times seconds messages.
 * {@code persistent}: subscribers keep a session (cleanSession=false, fixed client ids).
 * {@code warmupConnections}: the connections scenario first opens and closes this many, unmeasured.
 * {@code latencyWarmupSeconds}: latency is recorded for messages sent after this many seconds.
 */
record Settings(String host, int port, Long brokerPid, String label, Long messages,
    Integer clients, Integer seconds, double scale, int payloadSize, int inflight, Integer rate,
    Integer sourceAddresses, int keepalive, int threads, int drainSeconds,
    int connectConcurrency, boolean persistent, int warmupConnections,
    int latencyWarmupSeconds) {

  InetSocketAddress broker() {
    return new InetSocketAddress(host, port);
  }

  long messages(Scenario scenario) {
    if (messages != null) {
      return messages;
    }
    if (scenario == Scenario.LATENCY) {
      // A fixed rate for a fixed time: the count follows from them, whatever the scale.
      return Math.max(1, (long) rate(scenario) * seconds(scenario));
    }
    return Math.max(1, Math.round(scenario.defaultMessages * scale));
  }

  int clients(Scenario scenario) {
    if (clients != null) {
      return clients;
    }
    return scenario == Scenario.CONNECTIONS
        ? (int) Math.max(1, Math.round(scenario.defaultClients * scale))
        : scenario.defaultClients;
  }

  int seconds(Scenario scenario) {
    return seconds != null ? seconds : scenario.defaultSeconds;
  }

  int rate(Scenario scenario) {
    return rate != null ? rate : scenario.defaultRate;
  }
}
