package dev.aedes.bench.crash;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Issue 7's crash test against any broker (bench/crash-compare.sh), the client side of
 * aedes-server's CrashRecoveryIT: a QoS 1 and a QoS 2 persistent-session subscriber subscribe
 * and go offline; two publishers send {@code --messages} QoS 1 and as many QoS 2 messages,
 * recording which were acknowledged; the broker is killed with SIGKILL once {@code --percent}
 * of all messages are acknowledged, restarted by the same command on the same data, and the
 * subscribers reconnect. Prints one JSON line: acknowledged, acknowledged-but-lost and
 * duplicated per QoS, and whether the sessions survived.
 *
 * <pre>
 * CrashCompare --broker NAME --port N --messages N --percent P [--window 16] --log FILE
 *     --start 'exec ...'
 * </pre>
 */
public final class CrashCompare {
  private static final long IDLE_SECONDS = 10;

  private CrashCompare() {
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> options = new HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    }
    String broker = options.getOrDefault("broker", "broker");
    int port = Integer.parseInt(options.getOrDefault("port", "18860"));
    int messages = Integer.parseInt(options.getOrDefault("messages", "10000"));
    int percent = Integer.parseInt(options.getOrDefault("percent", "50"));
    // Mosquitto 2.0 closes a 3.1.1 publisher with more than max_inflight_messages (20)
    // unanswered QoS 2 messages, so both brokers get 16 (aedes-server's IT uses 64)
    int window = Integer.parseInt(options.getOrDefault("window", "16"));
    Path log = Path.of(options.getOrDefault("log", "crash-broker.log"));
    String start = options.get("start");
    if (start == null) {
      throw new IllegalArgumentException("--start 'exec <broker command>' is required");
    }
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    try {
      System.out.println(run(group, broker, port, messages, percent, window, log, start));
    } finally {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
  }

  private static String run(EventLoopGroup group, String broker, int port, int messages,
      int percent, int window, Path log, String start) throws Exception {
    Set<Integer> unreleased1 = ConcurrentHashMap.newKeySet();
    Set<Integer> unreleased2 = ConcurrentHashMap.newKeySet();
    Set<Integer> acked1;
    Set<Integer> acked2;
    long killAt = 2L * messages * percent / 100;
    long started = System.nanoTime();
    try (BrokerProcess server = BrokerProcess.start(start, port, log)) {
      CrashClient q1 = CrashClient.connect(group, port, "crash-q1", false, unreleased1, window);
      CrashClient q2 = CrashClient.connect(group, port, "crash-q2", false, unreleased2, window);
      q1.subscribe("crash/q1/#", 1);
      q2.subscribe("crash/q2/#", 2);
      q1.close();
      q2.close();
      CrashClient pub1 = CrashClient.connect(group, port, "crash-pub1", true, Set.of(), window);
      CrashClient pub2 = CrashClient.connect(group, port, "crash-pub2", true, Set.of(), window);
      boolean killed = false;
      for (int i = 0; i < messages && !killed; i++) {
        boolean sent = pub1.publish("crash/q1", i, 1) & pub2.publish("crash/q2", i, 2);
        if (pub1.acknowledgedCount() + pub2.acknowledgedCount() >= killAt) {
          server.kill();
          killed = true;
        } else if (!sent) {
          throw new IllegalStateException("publisher stalled before the kill at message " + i);
        }
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (!killed && pub1.acknowledgedCount() + pub2.acknowledgedCount() < killAt
          && System.nanoTime() < deadline) {
        Thread.sleep(1); // acknowledgements of the last window, from the network
      }
      server.kill();
      acked1 = Set.copyOf(pub1.acknowledged);
      acked2 = Set.copyOf(pub2.acknowledged);
      pub1.close();
      pub2.close();
    }
    long killMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

    try (BrokerProcess server = BrokerProcess.start(start, port, log)) {
      // while the subscribers are away, a last message queued behind the recovered ones
      CrashClient after = CrashClient.connect(group, port, "crash-after", true, Set.of(), window);
      after.publish("crash/q1", -1, 1);
      after.publish("crash/q2", -1, 2);
      awaitAcks(after, 2);
      after.close();
      CrashClient q1 = CrashClient.connect(group, port, "crash-q1", false, unreleased1, window);
      CrashClient q2 = CrashClient.connect(group, port, "crash-q2", false, unreleased2, window);
      Map<Integer, Integer> got1 = receiveUntilEnd(q1, messages);
      Map<Integer, Integer> got2 = receiveUntilEnd(q2, messages);
      boolean sessions = q1.sessionPresent() && q2.sessionPresent();
      q1.close();
      q2.close();
      return String.format("{\"broker\":\"%s\",\"messages\":%d,\"kill_percent\":%d,"
          + "\"acked_qos1\":%d,\"acked_qos2\":%d,\"lost_qos1\":%d,\"lost_qos2\":%d,"
          + "\"received_qos1\":%d,\"received_qos2\":%d,\"duplicated_qos1\":%d,"
          + "\"duplicated_qos2\":%d,\"sessions_present\":%b,\"end_markers\":%b,"
          + "\"ms_to_kill\":%d}",
          broker, messages, percent, acked1.size(), acked2.size(), lost(acked1, got1),
          lost(acked2, got2), got1.size(), got2.size(), duplicated(got1), duplicated(got2),
          sessions, got1.containsKey(-1) && got2.containsKey(-1), killMillis);
    }
  }

  private static void awaitAcks(CrashClient client, int count) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (client.acknowledgedCount() < count && System.nanoTime() < deadline) {
      Thread.sleep(1); // acknowledgements from the network
    }
  }

  /**
   * Message number to times received, until the end marker (number -1) or until nothing
   * arrives for {@code IDLE_SECONDS} (a broker that lost the session sends no marker).
   */
  private static Map<Integer, Integer> receiveUntilEnd(CrashClient sub, int messages)
      throws InterruptedException {
    Map<Integer, Integer> got = new HashMap<>();
    for (int i = 0; i <= 4 * messages + 1; i++) {
      String next = sub.received.poll(IDLE_SECONDS, TimeUnit.SECONDS);
      if (next == null) {
        return got;
      }
      int number = Integer.parseInt(next.substring(next.indexOf('=') + 1));
      got.merge(number, 1, Integer::sum);
      if (number == -1) {
        return got;
      }
    }
    return got;
  }

  private static long lost(Set<Integer> acked, Map<Integer, Integer> got) {
    return acked.stream().filter(n -> !got.containsKey(n)).count();
  }

  private static long duplicated(Map<Integer, Integer> got) {
    return got.values().stream().mapToInt(times -> times - 1).sum();
  }
}
