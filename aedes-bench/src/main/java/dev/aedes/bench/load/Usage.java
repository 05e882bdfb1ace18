package dev.aedes.bench.load;

import java.util.Map;

/**
 * CPU seconds of the broker (when its pid is known) and of the generator over a measured span,
 * and the broker's RSS at its end: who was the bottleneck.
 */
final class Usage {
  private final ProcStats broker;
  private final ProcStats self = ProcStats.self();
  private final double brokerStart;
  private final double selfStart;

  private Usage(Settings settings) {
    this.broker = ProcStats.of(settings.brokerPid());
    this.brokerStart = broker == null ? -1 : broker.cpuSeconds();
    this.selfStart = self.cpuSeconds();
  }

  static Usage start(Settings settings) {
    return new Usage(settings);
  }

  Delta stop() {
    double brokerCpu = broker == null || brokerStart < 0 ? -1 : broker.cpuSeconds() - brokerStart;
    long rss = broker == null ? -1 : broker.rssKib();
    double selfCpu = selfStart < 0 ? -1 : self.cpuSeconds() - selfStart;
    return new Delta(brokerCpu, rss, selfCpu);
  }

  /** What was used; -1 stands for unknown and is printed as null. */
  record Delta(double brokerCpuSeconds, long brokerRssKib, double generatorCpuSeconds) {
    void putInto(Map<String, Object> out, long delivered) {
      out.put("broker_cpu_s", brokerCpuSeconds >= 0 ? brokerCpuSeconds : null);
      out.put("broker_rss_kib", brokerRssKib >= 0 ? brokerRssKib : null);
      out.put("generator_cpu_s", generatorCpuSeconds >= 0 ? generatorCpuSeconds : null);
      out.put("delivered_per_broker_cpu_s",
          brokerCpuSeconds > 0 ? delivered / brokerCpuSeconds : null);
    }
  }
}
