package dev.aedes.bench.load;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * One message scenario: connect the plan's clients, subscribe, publish the quota until it is
 * sent or the time is up, wait for the deliveries (at most {@code drainSeconds}, or two idle
 * seconds), then measure and disconnect.
 */
final class MessageRun {
  private static final long POLL_MILLIS = 5;

  private MessageRun() {
  }

  static Map<String, Object> run(Scenario scenario, Settings settings, ClientLoops loops,
      String runId) throws InterruptedException {
    Plan plan = scenario.plan(settings.clients(scenario));
    long messages = settings.messages(scenario);
    PersistentSessions sessions = new PersistentSessions(settings, scenario, plan);
    sessions.wipe(loops);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(settings.seconds(scenario));
    Tracker tracker = new Tracker();
    ClientSet set = new ClientSet(loops, settings, tracker);
    try {
      List<BenchClient> clients = set.open(plan.connections(),
          i -> sessions.connect(i, runId), null, deadline);
      if (set.failures() > 0 || clients.contains(null)) {
        throw new IllegalStateException(scenario.label() + ": " + set.failures() + " of "
            + plan.connections() + " clients failed to connect", set.firstFailure());
      }
      subscribe(plan, scenario, clients, tracker, deadline);
      List<Publisher> publishers = publishers(plan, scenario, settings, clients, tracker,
          messages);
      return measure(scenario, settings, plan, loops, tracker, publishers, deadline, messages);
    } finally {
      set.close();
      sessions.wipe(loops);
    }
  }

  private static void subscribe(Plan plan, Scenario scenario, List<BenchClient> clients,
      Tracker tracker, long deadline) {
    List<CompletableFuture<Void>> subacks = new ArrayList<>();
    for (Plan.Subscriber sub : plan.subscribers()) {
      subacks.add(clients.get(sub.connection())
          .subscribe(sub.filter(), scenario.qos, new Receiver(tracker)));
    }
    try {
      CompletableFuture.allOf(subacks.toArray(CompletableFuture[]::new))
          .get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(scenario.label() + ": subscriptions not granted", e);
    }
  }

  private static List<Publisher> publishers(Plan plan, Scenario scenario, Settings settings,
      List<BenchClient> clients, Tracker tracker, long messages) {
    List<Publisher> publishers = new ArrayList<>();
    int count = plan.publishers().size();
    for (int i = 0; i < count; i++) {
      Plan.Publisher pub = plan.publishers().get(i);
      long quota = messages / count + (i < messages % count ? 1 : 0);
      publishers.add(new Publisher(clients.get(pub.connection()), i, pub.topic(), scenario.qos,
          quota, settings.inflight(), settings.payloadSize(), tracker));
    }
    return publishers;
  }

  private static Map<String, Object> measure(Scenario scenario, Settings settings, Plan plan,
      ClientLoops loops, Tracker tracker, List<Publisher> publishers, long deadline,
      long messages) throws InterruptedException {
    Usage usage = Usage.start(settings);
    long start = System.nanoTime();
    if (settings.latencyWarmupSeconds() > 0) {
      tracker.recordLatencyFrom(start + TimeUnit.SECONDS.toNanos(settings.latencyWarmupSeconds()));
    }
    double ratePerPublisher = (double) settings.rate(scenario) / publishers.size();
    publishers.forEach(p -> p.start(ratePerPublisher));
    while (System.nanoTime() < deadline && !publishers.stream().allMatch(Publisher::quotaSent)) {
      Thread.sleep(POLL_MILLIS);
    }
    boolean timedOut = !publishers.stream().allMatch(Publisher::quotaSent);
    publishers.forEach(Publisher::stop);
    drain(settings, tracker, publishers, plan.fanout());
    long end = tracker.lastReceiveNanos() > start ? tracker.lastReceiveNanos() : System.nanoTime();
    Usage.Delta used = usage.stop();

    long sent = tracker.sent();
    long expected = sent * plan.fanout();
    long received = tracker.received();
    double seconds = (end - start) / 1e9;
    Histogram latency = tracker.latency();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("scenario", scenario.label());
    out.put("broker", settings.label());
    out.put("transport", loops.transport());
    out.put("qos", scenario.qos);
    out.put("persistent", settings.persistent());
    out.put("publishers", publishers.size());
    out.put("subscribers", plan.subscribers().size());
    out.put("messages", messages);
    out.put("sent", sent);
    out.put("expected", expected);
    out.put("received", received);
    out.put("lost", Math.max(0, expected - received));
    out.put("duplicated", tracker.duplicated());
    out.put("unacked", publishers.stream().mapToLong(Publisher::inflight).sum());
    out.put("errors", tracker.errors());
    out.put("unexpected_closes", tracker.unexpectedCloses());
    out.put("timed_out", timedOut);
    out.put("seconds", seconds);
    out.put("msg_per_s", seconds > 0 ? received / seconds : 0.0);
    out.put("latency_us_p50", latency.getValueAtPercentile(50));
    out.put("latency_us_p99", latency.getValueAtPercentile(99));
    out.put("latency_us_p999", latency.getValueAtPercentile(99.9));
    out.put("latency_us_max", latency.getMaxValue());
    used.putInto(out, received);
    return out;
  }

  /** Waits until every delivery and acknowledgement is in, for two idle seconds at most. */
  private static void drain(Settings settings, Tracker tracker, List<Publisher> publishers,
      int fanout) throws InterruptedException {
    long limit = System.nanoTime() + TimeUnit.SECONDS.toNanos(settings.drainSeconds());
    long idleLimit = TimeUnit.SECONDS.toNanos(2);
    long lastCount = -1;
    long lastProgress = System.nanoTime();
    while (System.nanoTime() < limit) {
      long count = tracker.received() + tracker.duplicated();
      boolean acked = publishers.stream().allMatch(p -> p.inflight() == 0);
      if (acked && tracker.received() >= tracker.sent() * fanout) {
        return;
      }
      if (count != lastCount) {
        lastCount = count;
        lastProgress = System.nanoTime();
      } else if (System.nanoTime() - lastProgress > idleLimit) {
        return;
      }
      Thread.sleep(POLL_MILLIS);
    }
  }
}
