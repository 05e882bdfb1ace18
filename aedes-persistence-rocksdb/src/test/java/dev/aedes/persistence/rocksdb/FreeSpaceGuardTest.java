package dev.aedes.persistence.rocksdb;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.RocksDB;
import org.rocksdb.WriteBatch;

/** The free-space check: memtables that could not be flushed refuse writes that store. */
class FreeSpaceGuardTest {
  @TempDir
  Path dir;
  private final AtomicLong memtables = new AtomicLong();
  private WriteBatch put;
  private WriteBatch delete;

  @BeforeEach
  void batches() throws Exception {
    RocksDB.loadLibrary();
    put = new WriteBatch();
    put.put(new byte[] {1}, new byte[100]);
    delete = new WriteBatch();
    delete.delete(new byte[] {1});
  }

  @AfterEach
  void close() {
    put.close();
    delete.close();
  }

  @Test
  void writeThatStoresIsRefusedNamingTheDirectoryWhenAFlushWouldNotFit() {
    FreeSpaceGuard guard = new FreeSpaceGuard(dir, memtables::get);
    memtables.set(dir.toFile().getUsableSpace()); // a flush would need all the free space
    assertThatThrownBy(() -> guard.check(put))
        .isInstanceOf(FreeSpaceGuard.DiskFullException.class)
        .hasMessageContaining("disk full")
        .hasMessageContaining(dir.toString());
  }

  @Test
  void writeThatOnlyDeletesGoesOnWhileStoringIsRefused() throws Exception {
    FreeSpaceGuard guard = new FreeSpaceGuard(dir, memtables::get);
    memtables.set(dir.toFile().getUsableSpace());
    assertThatThrownBy(() -> guard.check(put)).hasMessageContaining("disk full");
    assertThatCode(() -> guard.check(delete)).doesNotThrowAnyException();
  }

  @Test
  void refusedWriteIsCheckedAgainAndAcceptedOnceThereIsRoom() throws Exception {
    FreeSpaceGuard guard = new FreeSpaceGuard(dir, memtables::get);
    memtables.set(dir.toFile().getUsableSpace());
    assertThatThrownBy(() -> guard.check(put)).hasMessageContaining("disk full");
    memtables.set(0); // flushed: the room is back
    assertThatCode(() -> guard.check(put)).doesNotThrowAnyException();
  }
}
