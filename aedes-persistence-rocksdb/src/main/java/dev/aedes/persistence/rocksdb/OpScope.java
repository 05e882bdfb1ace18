package dev.aedes.persistence.rocksdb;

import org.rocksdb.RocksDBException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each writer operation (an {@link AtomicWrite} is one) so that one that fails leaves
 * none of its changes not yet written, and fails alone: the other operations of its turn are
 * written as if it had not run. One that adds data fails alone, before the turn's write, when
 * the disk has no room for it ({@link FreeSpaceGuard}), so a turn mixing a publisher's retries
 * with PUBACKs still writes the PUBACKs' deletions while the disk is full. Writer thread only.
 */
final class OpScope {
  private static final Logger LOG = LoggerFactory.getLogger(OpScope.class);

  private final RocksStore store;
  private final OutgoingQueues outgoing;
  /** Why operations adding data are refused (want of space), until one succeeds; else null. */
  private volatile String refusal;

  OpScope(RocksStore store, OutgoingQueues outgoing) {
    this.store = store;
    this.outgoing = outgoing;
  }

  <T> T run(GroupCommitWriter.Op<T> op) throws Exception {
    store.beginOp();
    outgoing.beginOp();
    boolean kept = false;
    try {
      T result = op.apply();
      if (store.opAddsData()) {
        checkRoom();
      }
      kept = true;
      return result;
    } finally {
      if (kept) {
        store.keepOp();
      } else {
        outgoing.dropOp(); // its index changes undone
        store.dropOp();
      }
    }
  }

  private void checkRoom() throws RocksDBException {
    try {
      store.checkOpRoom(outgoing.unjoinedBytes());
    } catch (FreeSpaceGuard.DiskFullException e) {
      if (refusal == null) { // logged once per run of refusals
        LOG.error("persistence write failed: {}; writes that store something fail until space "
            + "is freed, deletions go on", e.getMessage());
      }
      refusal = e.getMessage();
      throw e;
    }
    if (refusal != null) {
      recovered();
    }
  }

  /**
   * Writer thread, while operations are refused: looks at the free space again, so the refusal
   * ends once space is freed even if no operation that stores something comes meanwhile.
   */
  void recheck() throws RocksDBException {
    if (refusal == null) {
      return;
    }
    try {
      store.checkOpRoom(0);
    } catch (FreeSpaceGuard.DiskFullException e) {
      refusal = e.getMessage();
      return;
    }
    recovered();
  }

  private void recovered() {
    refusal = null;
    LOG.info("persistence recovered: writes that store something succeed again in {}",
        store.path);
  }

  /**
   * Why operations that store something are refused for want of space, as logged, until there
   * is room again (the next such operation, or the writer's check once a second while idle,
   * looks at the free space again); else null.
   */
  String refusal() {
    return refusal;
  }
}
