package dev.aedes.server;

import dev.aedes.persistence.rocksdb.RocksPersistence;
import dev.aedes.persistence.rocksdb.RocksStats;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * The meters of the RocksDB store ({@link RocksStats}), read when scraped: its writes and how
 * long they wait to be durable, its fsyncs, whether it fails writes now, and its size on disk.
 */
final class PersistenceMeters {
  private PersistenceMeters() {
  }

  static void bind(MeterRegistry registry, RocksPersistence store) {
    String writes = "store write operations done: ok (durable as the durability says) or "
        + "failed (disk full, failed write or fsync: never acknowledged)";
    counter(registry, "aedes.persistence.writes", store, s -> s.writes(), "outcome", "ok",
        writes);
    counter(registry, "aedes.persistence.writes", store, s -> s.failedWrites(), "outcome",
        "failed", writes);
    FunctionTimer.builder("aedes.persistence.write", store,
            s -> s.stats().writes() + s.stats().failedWrites(),
            s -> s.stats().writeNanos(), TimeUnit.NANOSECONDS)
        .description("store operations from queued to done: what a PUBACK waits for the store")
        .register(registry);
    counter(registry, "aedes.persistence.write.groups", store, s -> s.groups(), null, null,
        "groups of operations written together (group commit)");
    FunctionTimer.builder("aedes.persistence.fsync", store, s -> s.stats().syncs(),
            s -> s.stats().syncNanos(), TimeUnit.NANOSECONDS)
        .description("fsyncs of the write-ahead log").register(registry);
    Gauge.builder("aedes.persistence.pending.writes", store, s -> s.stats().pendingWrites())
        .description("store operations queued or running").register(registry);
    Gauge.builder("aedes.persistence.failing", store, s -> s.stats().failure() == null ? 0 : 1)
        .description("1 while the store fails writes (see /ready and the log for why)")
        .register(registry);
    Gauge.builder("aedes.persistence.directory", store, RocksPersistence::directoryBytes)
        .baseUnit("bytes").description("size of the files in the data directory")
        .register(registry);
    Gauge.builder("aedes.persistence.free", store, s -> s.path().toFile().getUsableSpace())
        .baseUnit("bytes").description("space left on the data directory's file system")
        .register(registry);
  }

  private static void counter(MeterRegistry registry, String name, RocksPersistence store,
      ToDoubleFunction<RocksStats> value, String tag, String tagValue, String description) {
    FunctionCounter.Builder<RocksPersistence> builder =
        FunctionCounter.builder(name, store, s -> value.applyAsDouble(s.stats()))
            .description(description);
    if (tag != null) {
      builder.tag(tag, tagValue);
    }
    builder.register(registry);
  }
}
