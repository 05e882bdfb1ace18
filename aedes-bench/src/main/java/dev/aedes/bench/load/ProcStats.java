package dev.aedes.bench.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time and resident memory of a process, read from Linux's /proc: {@code stat} fields 14
 * and 15 (utime, stime, in clock ticks) and {@code status} VmRSS. Returns -1 when the process
 * or /proc is not there, so a run on another OS still prints its message counts.
 */
final class ProcStats {
  /** USER_HZ: 100 on every mainstream Linux build (sysconf(_SC_CLK_TCK)). */
  private static final double TICKS_PER_SECOND = 100.0;

  private final String pid;

  private ProcStats(String pid) {
    this.pid = pid;
  }

  /** The generator's own process. */
  static ProcStats self() {
    return new ProcStats("self");
  }

  /** Another process, or null when no pid is given. */
  static ProcStats of(Long pid) {
    return pid == null ? null : new ProcStats(Long.toString(pid));
  }

  /** User plus system CPU seconds used so far, or -1. */
  double cpuSeconds() {
    try {
      String stat = Files.readString(Path.of("/proc", pid, "stat"));
      // The command name in parentheses may hold spaces: count fields after the last ')'.
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
      long utime = Long.parseLong(fields[11]);
      long stime = Long.parseLong(fields[12]);
      return (utime + stime) / TICKS_PER_SECOND;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /** Resident set size in KiB (VmRSS), or -1. */
  long rssKib() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", pid, "status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.substring(6).trim().split("\\s+")[0]);
        }
      }
      return -1;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /** The soft limit on open files of this process (/proc/self/limits), or -1. */
  static long openFilesLimit() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
        if (line.startsWith("Max open files")) {
          String soft = line.substring("Max open files".length()).trim().split("\\s+")[0];
          return "unlimited".equals(soft) ? Long.MAX_VALUE : Long.parseLong(soft);
        }
      }
      return -1;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }
}
