package dev.aedes.persistence.rocksdb;

import static dev.aedes.persistence.rocksdb.RocksPersistenceRestartTest.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.aedes.packet.PublishPacket;
import java.nio.file.Path;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Calls apply in the order they are made, even when the caller does not wait for one. */
class RocksPersistenceOrderTest {
  @TempDir
  Path dir;

  @Test
  void outgoingStreamSeesAClearQueuedBeforeItThatNobodyAwaited() throws Exception {
    RocksPersistence store = RocksPersistence.open(dir);
    try {
      PublishPacket first = new PublishPacket("t/1", new byte[] {1}, 1, 1, false);
      PublishPacket second = new PublishPacket("t/2", new byte[] {2}, 1, 2, false);
      await(store.outgoingEnqueue("c", first));
      await(store.outgoingEnqueue("c", second));

      CompletionStage<PublishPacket> clear = store.outgoingClearMessageId("c", 1); // not awaited
      assertThat(await(store.outgoingStream("c"))).containsExactly(second);
      assertThat(await(clear)).isEqualTo(first);
    } finally {
      await(store.destroy());
    }
  }
}
