package dev.aedes.bench.load;

import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * The {@code connections} scenario: open many idle clients (from several 127.0.0.x source
 * addresses beyond {@link #PORTS_PER_SOURCE} clients), report the connect rate and the
 * broker's RSS growth per connection, then close them.
 */
final class ConnectionsRun {
  /**
   * Connections per source address: a fifth of the 28,232 ephemeral ports of a stock Linux
   * (32768..60999), since connect() searches longer for a free port the fuller the range is.
   */
  private static final int PORTS_PER_SOURCE = 5_000;
  /** File descriptors the generator keeps for itself (jars, epoll, pipes). */
  private static final int SPARE_FILES = 512;

  private ConnectionsRun() {
  }

  static Map<String, Object> run(Settings settings, ClientLoops loops, String runId)
      throws InterruptedException {
    int requested = settings.clients(Scenario.CONNECTIONS);
    long fileLimit = ProcStats.openFilesLimit();
    int target = fileLimit > 0 ? (int) Math.min(requested, fileLimit - SPARE_FILES) : requested;
    if (target < requested) {
      System.err.println("connections: capped at " + target + " by this process's open-file "
          + "limit (" + fileLimit + "); raise ulimit -n for more");
    }
    InetSocketAddress[] sources = sources(settings, target);
    long deadline = System.nanoTime()
        + TimeUnit.SECONDS.toNanos(settings.seconds(Scenario.CONNECTIONS));
    warmUp(settings, loops, runId, sources, deadline);
    Tracker tracker = new Tracker();
    ClientSet set = new ClientSet(loops, settings, tracker);
    ProcStats broker = ProcStats.of(settings.brokerPid());
    long rssBefore = broker == null ? -1 : broker.rssKib();
    Usage usage = Usage.start(settings);
    long start = System.nanoTime();
    try {
      List<BenchClient> clients = set.open(target, runId, sources, deadline);
      double seconds = (System.nanoTime() - start) / 1e9;
      Usage.Delta used = usage.stop();
      long connected = clients.stream().filter(Objects::nonNull).count();
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("scenario", Scenario.CONNECTIONS.label());
      out.put("broker", settings.label());
      out.put("transport", loops.transport());
      out.put("requested", requested);
      out.put("attempted", clients.size());
      out.put("connected", connected);
      out.put("failed", set.failures());
      out.put("first_error", set.firstFailure() == null ? null : set.firstFailure().toString());
      out.put("source_addresses", sources == null ? 1 : sources.length);
      out.put("timed_out", clients.size() < target);
      out.put("seconds", seconds);
      out.put("connect_per_s", seconds > 0 ? connected / seconds : 0.0);
      out.put("broker_rss_before_kib", rssBefore >= 0 ? rssBefore : null);
      used.putInto(out, connected);
      out.remove("delivered_per_broker_cpu_s");
      out.put("connections_per_broker_cpu_s", used.brokerCpuSeconds() > 0
          ? connected / used.brokerCpuSeconds() : null);
      out.put("broker_rss_per_connection_kib", rssBefore >= 0 && connected > 0
          ? (double) (used.brokerRssKib() - rssBefore) / connected : null);
      return out;
    } finally {
      set.close();
    }
  }

  /**
   * Opens and closes {@code --warmup-connections} clients before the measured span, so that the
   * figures are of connecting, not of a JVM compiling its connect path (ids "w" + run id + i).
   */
  private static void warmUp(Settings settings, ClientLoops loops, String runId,
      InetSocketAddress[] sources, long deadline) throws InterruptedException {
    if (settings.warmupConnections() <= 0) {
      return;
    }
    ClientSet warm = new ClientSet(loops, settings, new Tracker());
    try {
      warm.open(settings.warmupConnections(), "w" + runId, sources, deadline);
    } finally {
      warm.close();
    }
  }

  /** Null (one address, the kernel's choice) unless more are asked for or needed. */
  private static InetSocketAddress[] sources(Settings settings, int target) {
    int count = settings.sourceAddresses() != null ? settings.sourceAddresses()
        : (target + PORTS_PER_SOURCE - 1) / PORTS_PER_SOURCE;
    if (count <= 1) {
      return null;
    }
    InetSocketAddress[] sources = new InetSocketAddress[Math.min(count, 250)];
    for (int i = 0; i < sources.length; i++) {
      sources[i] = new InetSocketAddress("127.0.0." + (i + 1), 0);
    }
    return sources;
  }
}
