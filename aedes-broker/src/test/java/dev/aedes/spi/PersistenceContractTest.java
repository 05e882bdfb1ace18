package dev.aedes.spi;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@link Persistence} contract (aedes-persistence's abstract.js): every backend's test
 * class extends this one and only says how to make a fresh, empty store. The tests live in the
 * interfaces below, one per area of the contract, and use nothing but the interface.
 */
public abstract class PersistenceContractTest implements RetainedContract,
    SubscriptionsContract, OutgoingContract, OutgoingExpiryContract, IncomingContract,
    WillsContract, SessionStateContract {
  private Persistence persistence;

  /** A new, empty store; called before each test, destroyed after it. */
  protected abstract Persistence createPersistence();

  @Override
  public Persistence persistence() {
    return persistence;
  }

  @BeforeEach
  void create() {
    persistence = createPersistence();
  }

  @AfterEach
  void destroy() {
    if (persistence != null) {
      await(persistence.destroy());
    }
  }

  @Test
  void destroyCompletesOnAStoreInUse() {
    await(persistence.storeRetained(retained("a", "1")));
    await(persistence.addSubscriptions("c1", java.util.List.of(sub("a/#", 1))));
    await(persistence.outgoingEnqueue("c1", queued("a", "1")));
    await(persistence.putWill("c1", "b1", retained("will", "x")));

    await(persistence.destroy());
    persistence = null; // the store is not used after destroy
  }
}
