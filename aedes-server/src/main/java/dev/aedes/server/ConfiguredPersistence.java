package dev.aedes.server;

import dev.aedes.memory.MemoryPersistence;
import dev.aedes.persistence.rocksdb.Durability;
import dev.aedes.persistence.rocksdb.RocksPersistence;
import dev.aedes.spi.Persistence;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The store the {@code persistence.*} keys choose: RocksDB (the default) or memory. */
final class ConfiguredPersistence {
  private static final Logger LOG = LoggerFactory.getLogger(ConfiguredPersistence.class);

  private ConfiguredPersistence() {
  }

  /**
   * Opens the configured store; an unusable RocksDB directory (corrupt, locked by another
   * server, not writable) fails with an {@link IllegalStateException} naming it.
   */
  static Persistence open(ServerConfig config) {
    if ("memory".equals(config.string("persistence"))) {
      LOG.info("persistence: memory (sessions, queues and retained messages are lost on exit)");
      return new MemoryPersistence();
    }
    Durability durability = Durability.valueOf(
        config.string("persistence.durability").toUpperCase(Locale.ROOT));
    return RocksPersistence.open(Path.of(config.string("persistence.path")), durability,
        Duration.ofMillis(config.longValue("persistence.syncInterval")),
        config.longValue("persistence.journalSegmentSize"));
  }
}
