package dev.aedes.bench.load;

import java.io.PrintStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The MQTT load generator of issue 5: runs scenarios against a broker on 127.0.0.1 and prints
 * one JSON line per scenario (counts, loss, duplicates, throughput, latency percentiles, CPU of
 * broker and generator, broker RSS). Run it with {@code bench/load.sh}.
 */
@Command(name = "load.sh", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"MQTT load generator: one JSON line per scenario on stdout.",
        "Scenarios: fanin-qos0 fanin-qos1 pairs-qos1 fanout-qos0 qos2 latency connections, "
            + "or all."})
public final class LoadGenerator implements Callable<Integer> {
  @Parameters(arity = "1..*", paramLabel = "SCENARIO", description = "scenarios to run, in order")
  private List<String> scenarios;
  @Option(names = "--host", description = "broker address, loopback only (default: ${DEFAULT-VALUE})")
  private String host = "127.0.0.1";
  @Option(names = "--port", description = "broker port (default: ${DEFAULT-VALUE})")
  private int port = 1883;
  @Option(names = "--broker-pid", description = "broker pid: its CPU seconds and RSS from /proc")
  private Long brokerPid;
  @Option(names = "--label", description = "broker name in the output (default: ${DEFAULT-VALUE})")
  private String label = "broker";
  @Option(names = "--messages", description = "messages to publish (default: per scenario)")
  private Long messages;
  @Option(names = "--clients", description = "publishers, subscribers, pairs or connections")
  private Integer clients;
  @Option(names = "--seconds", description = "time bound of each scenario (default: per scenario)")
  private Integer seconds;
  @Option(names = "--scale", description = "multiplies default message and connection counts")
  private double scale = 1.0;
  @Option(names = "--payload-size", description = "bytes per message (default: ${DEFAULT-VALUE})")
  private int payloadSize = 64;
  // 16: below Mosquitto's default max_inflight_messages (20), beyond which Mosquitto 2.0.11
  // drops incoming QoS 2 messages of MQTT 3.1.1 clients (see bench/README.md).
  @Option(names = "--inflight", description = "unacked QoS 1/2 messages per publisher (default: ${DEFAULT-VALUE})")
  private int inflight = 16;
  @Option(names = "--rate", description = "msg/s over all publishers, 0 unthrottled (default: latency 5000, else 0)")
  private Integer rate;
  @Option(names = "--source-addresses", description = "connections: 127.0.0.x source addresses (default: one per 5000)")
  private Integer sourceAddresses;
  @Option(names = "--keepalive", description = "CONNECT keepalive seconds (default: ${DEFAULT-VALUE})")
  private int keepalive = 300;
  @Option(names = "--threads", description = "generator event loops (default: cores)")
  private int threads = Runtime.getRuntime().availableProcessors();
  @Option(names = "--drain-seconds", description = "wait for late deliveries at most (default: ${DEFAULT-VALUE})")
  private int drainSeconds = 10;
  @Option(names = "--connect-concurrency", description = "handshakes under way at once (default: ${DEFAULT-VALUE})")
  private int connectConcurrency = 256;
  @Option(names = "--persistent", description = "subscribers connect with cleanSession=false and "
      + "fixed client ids (their sessions are wiped before and after each scenario)")
  private boolean persistent;
  @Option(names = "--warmup-connections", description = "connections: open and close this many "
      + "first, unmeasured (JIT of a JVM broker and of the generator) (default: ${DEFAULT-VALUE})")
  private int warmupConnections;
  @Option(names = "--latency-warmup-seconds", description = "messages sent in the first N "
      + "seconds count but their latency is not recorded (JIT of a JVM broker and of the "
      + "generator) (default: ${DEFAULT-VALUE})")
  private int latencyWarmupSeconds;

  private PrintStream out = System.out;
  private final List<Map<String, Object>> results = new ArrayList<>();

  public static void main(String[] args) {
    System.exit(new CommandLine(new LoadGenerator()).execute(args));
  }

  /** Runs the command line, printing JSON lines to {@code out}; returns the results. */
  static List<Map<String, Object>> execute(PrintStream out, String... args) {
    LoadGenerator generator = new LoadGenerator();
    generator.out = out;
    int code = new CommandLine(generator).execute(args);
    if (code != 0) {
      throw new IllegalStateException("load generator exited with " + code);
    }
    return generator.results;
  }

  @Override
  public Integer call() throws Exception {
    List<Scenario> selected = new ArrayList<>();
    for (String name : scenarios) {
      if ("all".equals(name)) {
        selected.addAll(List.of(Scenario.values()));
      } else {
        selected.add(Scenario.of(name));
      }
    }
    if (!isLoopback(host)) {
      throw new CommandLine.ParameterException(new CommandLine(this),
          "--host must be a loopback address: " + host);
    }
    Settings settings = new Settings(host, port, brokerPid, label, messages, clients, seconds,
        scale, payloadSize, inflight, rate, sourceAddresses, keepalive, threads, drainSeconds,
        connectConcurrency, persistent, warmupConnections, latencyWarmupSeconds);
    int failures = 0;
    try (ClientLoops loops = new ClientLoops(threads)) {
      for (Scenario scenario : selected) {
        // Client ids unique per run and at most 23 characters (the MQTT 3.1.1 guarantee).
        String runId = String.format("b%04x%d-", ThreadLocalRandom.current().nextInt(0x10000),
            scenario.ordinal());
        try {
          Map<String, Object> result = scenario == Scenario.CONNECTIONS
              ? ConnectionsRun.run(settings, loops, runId)
              : MessageRun.run(scenario, settings, loops, runId);
          results.add(result);
          out.println(Json.line(result));
          out.flush();
        } catch (IllegalStateException e) {
          failures++;
          System.err.println(scenario.label() + " failed: " + e.getMessage()
              + (e.getCause() == null ? "" : " (" + e.getCause() + ")"));
        }
      }
    }
    return failures == 0 ? 0 : 1;
  }

  private static boolean isLoopback(String address) {
    try {
      return InetAddress.getByName(address).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
