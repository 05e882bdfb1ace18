package dev.aedes.persistence.rocksdb;

import dev.aedes.spi.Persistence;
import dev.aedes.spi.PersistenceContractTest;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The shared {@link Persistence} contract, on RocksDB in a fresh directory per test. */
class RocksPersistenceTest extends PersistenceContractTest {
  @TempDir
  Path dir;

  @Override
  protected Persistence createPersistence() {
    return RocksPersistence.open(dir);
  }
}
