package dev.aedes.bench;

import dev.aedes.packet.Subscription;
import dev.aedes.topic.TopicFilters;
import dev.aedes.topic.TopicTree;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Matching one topic against many subscriptions, as the broker does for every PUBLISH: the
 * {@link TopicTree} against the reference of testing every filter with
 * {@link TopicFilters#matches} (what a broker without a tree would do), in the same run.
 * Subscriptions: 70% exact ({@code site/<s>/device/<d>/temp}), 20% with '+'
 * ({@code site/<s>/device/+/temp}), 10% with '#' ({@code site/<s>/#}), one client each.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class TopicTreeBenchmark {
  @Param({"100000"})
  int subscriptions;

  private final TopicTree<String, Subscription> tree = new TopicTree<>();
  private final List<String> filters = new ArrayList<>();
  private String[] topics;
  private int next;

  @Setup(Level.Trial)
  public void setUp() {
    Random random = new Random(42);
    int sites = Math.max(1, subscriptions / 100);
    for (int i = 0; i < subscriptions; i++) {
      int site = random.nextInt(sites);
      int kind = random.nextInt(10);
      String filter = kind < 7 ? "site/" + site + "/device/" + random.nextInt(1000) + "/temp"
          : kind < 9 ? "site/" + site + "/device/+/temp"
          : "site/" + site + "/#";
      filters.add(filter);
      tree.add(filter, "client-" + i, new Subscription(filter, 1));
    }
    topics = new String[1024];
    for (int i = 0; i < topics.length; i++) {
      topics[i] = "site/" + random.nextInt(sites) + "/device/" + random.nextInt(1000) + "/temp";
    }
  }

  private String nextTopic() {
    next = (next + 1) & (topics.length - 1);
    return topics[next];
  }

  /** The broker's way: walk only the branches that can match. */
  @Benchmark
  public void topicTree(Blackhole blackhole) {
    tree.match(nextTopic(), (clientId, sub) -> blackhole.consume(sub));
  }

  /** Reference: test every filter. */
  @Benchmark
  public void linearScan(Blackhole blackhole) {
    String topic = nextTopic();
    for (int i = 0, n = filters.size(); i < n; i++) {
      if (TopicFilters.matches(filters.get(i), topic)) {
        blackhole.consume(filters.get(i));
      }
    }
  }
}
