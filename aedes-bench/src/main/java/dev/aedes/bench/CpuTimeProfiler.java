package dev.aedes.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * CPU nanoseconds the JMH worker threads spend per operation ({@code -prof
 * dev.aedes.bench.CpuTimeProfiler}). On a machine shared with other work, wall-clock throughput
 * swings with how often the worker is descheduled; CPU time per operation does not, so it is
 * the steadier figure for comparing two codecs. GC and JIT threads are not counted.
 */
public final class CpuTimeProfiler implements InternalProfiler {
  private static final String WORKER = "-jmh-worker-";

  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
  private long cpuAtStart;

  @Override
  public String getDescription() {
    return "CPU time of the benchmark threads per operation";
  }

  @Override
  public void beforeIteration(BenchmarkParams benchmark, IterationParams iteration) {
    cpuAtStart = workerCpuNanos();
  }

  @Override
  public Collection<? extends Result> afterIteration(BenchmarkParams benchmark,
      IterationParams iteration, IterationResult result) {
    long cpu = workerCpuNanos() - cpuAtStart;
    // All operations the workers ran in the iteration, not only those inside the timed window.
    long ops = result.getMetadata().getAllOps();
    if (ops <= 0) {
      return List.of();
    }
    return List.of(new ScalarResult("cpu.time.norm", (double) cpu / ops, "ns/op",
        AggregationPolicy.AVG));
  }

  private long workerCpuNanos() {
    long total = 0;
    for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
      if (info != null && info.getThreadName().contains(WORKER)) {
        long cpu = threads.getThreadCpuTime(info.getThreadId());
        total += Math.max(cpu, 0);
      }
    }
    return total;
  }
}
