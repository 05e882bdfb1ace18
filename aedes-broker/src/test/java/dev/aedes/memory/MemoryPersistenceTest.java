package dev.aedes.memory;

import dev.aedes.spi.Persistence;
import dev.aedes.spi.PersistenceContractTest;

class MemoryPersistenceTest extends PersistenceContractTest {
  @Override
  protected Persistence createPersistence() {
    return new MemoryPersistence();
  }
}
