package dev.aedes.bench.load;

import dev.aedes.packet.ConnectPacket;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * With {@code --persistent}: which connections of a plan keep a session (its subscribers,
 * cleanSession=false under a client id fixed per scenario and connection index), and wiping
 * those sessions (a clean connect and disconnect with the same ids) before and after each
 * scenario, so a session left by an earlier run, or a {@code bench/#} subscription of an
 * offline fan-in subscriber, does not queue messages across scenarios. Two generators at once
 * against one broker would take over each other's sessions.
 */
final class PersistentSessions {
  private final Settings settings;
  private final Scenario scenario;
  private final Set<Integer> persistent = new TreeSet<>();

  PersistentSessions(Settings settings, Scenario scenario, Plan plan) {
    this.settings = settings;
    this.scenario = scenario;
    if (settings.persistent()) {
      plan.subscribers().forEach(sub -> persistent.add(sub.connection()));
    }
  }

  /** The CONNECT of connection {@code i}: persistent for a subscriber with --persistent. */
  ConnectPacket connect(int i, String runId) {
    return persistent.contains(i)
        ? ConnectPacket.of(4, clientId(i), false, settings.keepalive())
        : ConnectPacket.of(4, runId + i, true, settings.keepalive());
  }

  /** Ends the persistent sessions: connects each id clean, then disconnects; bounded. */
  void wipe(ClientLoops loops) throws InterruptedException {
    if (persistent.isEmpty()) {
      return;
    }
    List<Integer> ids = new ArrayList<>(persistent);
    ClientSet set = new ClientSet(loops, settings, new Tracker());
    try {
      List<BenchClient> clients = set.open(ids.size(),
          i -> ConnectPacket.of(4, clientId(ids.get(i)), true, settings.keepalive()), null,
          System.nanoTime() + TimeUnit.SECONDS.toNanos(30));
      if (set.failures() > 0 || clients.contains(null)) {
        System.err.println(scenario.label() + ": " + set.failures() + " of " + ids.size()
            + " persistent sessions not wiped: " + set.firstFailure());
      }
    } finally {
      set.close();
    }
  }

  private String clientId(int i) {
    return "ps" + scenario.ordinal() + "-" + i;
  }
}
