package dev.aedes.persistence.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aedes.packet.PublishPacket;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.RocksDBException;
import org.rocksdb.Snapshot;
import org.rocksdb.WriteBatch;

/** One writer turn's changes to the outgoing queues: what reaches the database. */
class OutgoingQueuesTest {
  @TempDir
  Path dir;
  private RocksStore store;

  @AfterEach
  void close() {
    if (store != null) {
      store.close();
    }
  }

  private OutgoingQueues open() {
    store = RocksOpener.openStore(dir);
    OutgoingQueues queues = new OutgoingQueues(store);
    queues.load();
    return queues;
  }

  /** The end of a writer turn, as the writer does it. */
  private void endTurn(OutgoingQueues queues) throws RocksDBException {
    queues.writeChanges();
    store.writePending();
  }

  private long entriesWritten() throws RocksDBException {
    return store.db.getLongProperty(store.outgoing, "rocksdb.num-entries-active-mem-table");
  }

  private List<PublishPacket> stream(OutgoingQueues queues, String clientId) {
    Snapshot snapshot = store.db.getSnapshot();
    try {
      return queues.stream(clientId, snapshot);
    } finally {
      store.db.releaseSnapshot(snapshot);
    }
  }

  private static PublishPacket packet(int messageId) {
    return new PublishPacket("t/" + messageId, new byte[] {1, 2, 3}, 1, messageId, false);
  }

  @Test
  void messageEnqueuedAndClearedInOneTurnIsNeverWritten() throws Exception {
    OutgoingQueues queues = open();
    queues.enqueue("c", packet(7));
    assertThat(queues.clear("c", 7)).isEqualTo(packet(7)); // found without reading the database
    endTurn(queues);

    assertThat(entriesWritten()).isZero();
    assertThat(stream(queues, "c")).isEmpty();
  }

  @Test
  void clearOfAnEntryWrittenInAnEarlierTurnDeletesIt() throws Exception {
    OutgoingQueues queues = open();
    queues.enqueue("c", packet(7));
    queues.enqueue("c", packet(8));
    endTurn(queues);
    assertThat(stream(queues, "c")).containsExactly(packet(7), packet(8));

    assertThat(queues.clear("c", 7)).isEqualTo(packet(7));
    endTurn(queues);
    assertThat(stream(queues, "c")).containsExactly(packet(8));
  }

  @Test
  void updatedThenClearedInOneTurnLeavesNothing() throws Exception {
    OutgoingQueues queues = open();
    PublishPacket queued = packet(0);
    queues.enqueue("c", queued);
    endTurn(queues);

    PublishPacket sent = queued.withMessageId(9, false);
    queues.update("c", queued, sent);
    assertThat(queues.clear("c", 9)).isEqualTo(sent);
    endTurn(queues);
    assertThat(stream(queues, "c")).isEmpty();
  }

  @Test
  void cleanDropsTheClientsChangesOfTheTurnButNotOthers() throws Exception {
    OutgoingQueues queues = open();
    queues.enqueue("gone", packet(1));
    queues.enqueue("kept", packet(2));
    try (WriteBatch batch = new WriteBatch()) {
      queues.clean("gone", batch);
      store.write(batch);
    }
    queues.forget("gone");
    queues.enqueue("gone", packet(3)); // after the clean, in the same turn
    endTurn(queues);

    assertThat(stream(queues, "gone")).containsExactly(packet(3));
    assertThat(stream(queues, "kept")).containsExactly(packet(2));
  }

  @Test
  void sendingAQueueInOrderGivesEachEntryItsIdOnce() throws Exception {
    OutgoingQueues queues = open();
    PublishPacket queued = new PublishPacket("t", new byte[] {1}, 1, 0, false);
    for (int i = 0; i < 500; i++) {
      queues.enqueue("c", queued); // equal entries without an id, as after a reconnect
    }
    endTurn(queues);

    for (int id = 1; id <= 500; id++) {
      queues.update("c", queued, new PublishPacket("t", new byte[] {1}, 1, id, false));
    }
    endTurn(queues);

    assertThat(stream(queues, "c")).extracting(PublishPacket::messageId)
        .containsExactlyElementsOf(IntStream.rangeClosed(1, 500).boxed().toList());
  }

  @Test
  void anUnsentEntryBeforeTheLastMatchIsStillFound() throws Exception {
    OutgoingQueues queues = open();
    PublishPacket a = new PublishPacket("a", new byte[] {1}, 1, 0, false);
    PublishPacket b = new PublishPacket("b", new byte[] {1}, 1, 0, false);
    queues.enqueue("c", a);
    queues.enqueue("c", b);
    endTurn(queues);

    queues.update("c", b, new PublishPacket("b", new byte[] {1}, 1, 2, false));
    queues.update("c", a, new PublishPacket("a", new byte[] {1}, 1, 1, false));
    endTurn(queues);

    assertThat(stream(queues, "c")).extracting(PublishPacket::messageId).containsExactly(1, 2);
  }
}
