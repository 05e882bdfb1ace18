package dev.aedes.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aedes.spi.Persistence;
import dev.aedes.spi.PersistenceContractTest;
import org.junit.jupiter.api.Test;

class MemoryPersistenceTest extends PersistenceContractTest {
  @Override
  protected Persistence createPersistence() {
    return new MemoryPersistence();
  }

  @Test
  void retainedCountFollowsStoresReplacementsAndDeletes() {
    await(persistence().storeRetained(retained("a/1", "x")));
    await(persistence().storeRetained(retained("a/2", "x")));
    assertThat(persistence().retainedCount()).isEqualTo(2);
    await(persistence().storeRetained(retained("a/2", "y")));
    await(persistence().storeRetained(retained("a/1", "")));
    assertThat(persistence().retainedCount()).isEqualTo(1);
  }
}
