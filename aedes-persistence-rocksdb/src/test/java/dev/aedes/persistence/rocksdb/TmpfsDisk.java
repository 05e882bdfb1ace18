package dev.aedes.persistence.rocksdb;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A small real disk for tests: a tmpfs mounted on a fresh temporary directory (needs root, as on
 * CI), which a filler file makes full and its deletion frees again. Mounting that fails fails
 * the test, saying why: the full-disk tests must run, never be skipped.
 */
public final class TmpfsDisk implements AutoCloseable, BeforeEachCallback, AfterEachCallback {
  private final int megabytes;
  private Path root;
  private Path filler;

  private TmpfsDisk(int megabytes) {
    this.megabytes = megabytes;
  }

  /**
   * A tmpfs of {@code megabytes} mounted on a new temporary directory before each test and
   * unmounted after it: {@code @RegisterExtension final TmpfsDisk disk = TmpfsDisk.perTest(16);}
   */
  public static TmpfsDisk perTest(int megabytes) {
    return new TmpfsDisk(megabytes);
  }

  @Override
  public void beforeEach(ExtensionContext context) throws IOException, InterruptedException {
    Path dir = Files.createTempDirectory("aedes-full-disk");
    String out = run("mount", "-t", "tmpfs", "-o", "size=" + megabytes + "m", "tmpfs",
        dir.toString());
    if (out != null) {
      Files.deleteIfExists(dir);
      throw new AssertionError("cannot mount a " + megabytes + " MiB tmpfs on " + dir
          + " for the full-disk test (it needs root and mount(8), as on CI): " + out);
    }
    root = dir;
    filler = dir.resolve("filler");
  }

  @Override
  public void afterEach(ExtensionContext context) throws IOException, InterruptedException {
    if (root != null) { // null: the mount failed, and said why
      close();
      root = null;
    }
  }

  /** The mount point. */
  public Path root() {
    return root;
  }

  /** Free bytes on the disk. */
  public long free() {
    return root.toFile().getUsableSpace();
  }

  /** Writes a filler file that leaves about {@code bytesLeft} free. */
  public void fillLeaving(long bytesLeft) throws IOException {
    long toWrite = free() - bytesLeft;
    ByteBuffer chunk = ByteBuffer.allocate(1 << 20);
    try (FileChannel channel = FileChannel.open(filler, StandardOpenOption.CREATE,
        StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
      for (int i = 0; toWrite > 0 && i < 1 << 12; i++) {
        chunk.clear().limit((int) Math.min(chunk.capacity(), toWrite));
        toWrite -= channel.write(chunk);
      }
    }
  }

  /**
   * Fills the disk until RocksPersistence refuses every write that stores something but still
   * takes deletions (a PUBACK, a clean session's cleanup at CONNECT).
   */
  public void fillLeavingRoomForDeletesOnly() throws IOException {
    fillLeaving((FreeSpaceGuard.DELETE_MARGIN + FreeSpaceGuard.SPACE_MARGIN) / 2);
  }

  /** Deletes the filler file: its space is free again. */
  public void freeFiller() throws IOException {
    Files.deleteIfExists(filler);
  }

  /** Unmounts (lazily if still busy) and deletes the mount point. */
  @Override
  public void close() throws IOException, InterruptedException {
    String out = run("umount", root.toString());
    if (out != null) {
      out = run("umount", "-l", root.toString());
    }
    Files.deleteIfExists(root);
    if (out != null) {
      throw new AssertionError("cannot unmount the test tmpfs " + root + ": " + out);
    }
  }

  /** Runs a command; null if it succeeded, else its exit status and output. */
  private static String run(String... command) throws IOException, InterruptedException {
    Process process;
    try {
      process = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
    } catch (IOException e) {
      return e.toString();
    }
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      return String.join(" ", command) + " did not finish within 10 s";
    }
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return process.exitValue() == 0 ? null
        : String.join(" ", command) + " exited " + process.exitValue() + ": " + output.trim();
  }
}
