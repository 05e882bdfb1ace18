package dev.aedes.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 7's crash test: the packaged server with RocksDB and {@code sync} durability is killed
 * with SIGKILL while a publisher sends QoS 1 and QoS 2 messages to two offline persistent
 * sessions; after a restart on the same directory every acknowledged message arrives, no QoS 2
 * message twice, the retained message and the subscriptions are intact, and the will of a client
 * connected at the kill is published by the restarted server. Messages per QoS:
 * system property {@code aedes.crash.messages} (10,000 by default).
 * Run by failsafe after {@code package}.
 */
class CrashRecoveryIT {
  private static final int MESSAGES = Integer.getInteger("aedes.crash.messages", 10_000);
  private static final Pattern RECOVERED =
      Pattern.compile("recovered (\\d+) sessions, (\\d+) subscriptions in (\\d+) ms");

  @TempDir
  Path dir;

  private static final Pattern JOURNALED = Pattern.compile(
      "(\\d+) copies sent but neither acknowledged nor written put back in their queues");

  private String[] flags() {
    return flags("sync");
  }

  private String[] flags(String durability) {
    // no --id: the id kept in the data directory makes the restarted server the same broker,
    // which publishes the wills its previous run left at once
    return new String[] {"--persistence=rocksdb", "--persistence-durability=" + durability,
        "--persistence-path=" + dir.resolve("data")};
  }

  private static MqttConnectOptions persistentSession() {
    MqttConnectOptions options = PahoClient.options(null);
    options.setCleanSession(false);
    return options;
  }

  @ParameterizedTest(name = "killed after {0}% acknowledged")
  @ValueSource(ints = {10, 50, 90})
  void everyAcknowledgedMessageSurvivesASigkill(int percent) throws Exception {
    int port = ServerProcess.freePort();
    Set<Integer> acked1;
    Set<Integer> acked2;
    try (ServerProcess server = ServerProcess.start(dir.resolve("first.log"), port, flags())) {
      try (PahoClient q1 = PahoClient.connect(server.uri(), "crash-q1", persistentSession());
           PahoClient q2 = PahoClient.connect(server.uri(), "crash-q2", persistentSession());
           PahoClient pub = PahoClient.connect(server.uri(), "crash-retain")) {
        q1.subscribe("crash/q1/#", 1);
        q2.subscribe("crash/q2/#", 2);
        pub.client.publish("crash/retained", "kept".getBytes(), 1, true);
      }
      MqttConnectOptions withWill = PahoClient.options(null);
      withWill.setWill("crash/will", "gone".getBytes(), 1, true);
      try (PahoClient dying = PahoClient.connect(server.uri(), "crash-will", withWill);
           CrashPublisher pub1 = new CrashPublisher(server.uri(), "crash-pub1", "crash/q1", 1);
           CrashPublisher pub2 = new CrashPublisher(server.uri(), "crash-pub2", "crash/q2", 2)) {
        long killAt = 2L * MESSAGES * percent / 100;
        long start = System.nanoTime();
        boolean killed = false;
        for (int i = 0; i < MESSAGES && !killed; i++) {
          boolean sent = pub1.publish(i) & pub2.publish(i);
          if (pub1.acknowledged.size() + pub2.acknowledged.size() >= killAt) {
            server.kill();
            killed = true;
          } else if (!sent) {
            throw new AssertionError("publisher stalled before the kill at message " + i);
          }
        }
        if (!killed) {
          await().atMost(Duration.ofSeconds(20)).until(() ->
              pub1.acknowledged.size() + pub2.acknowledged.size() >= killAt);
          server.kill();
        }
        acked1 = Set.copyOf(pub1.acknowledged);
        acked2 = Set.copyOf(pub2.acknowledged);
        System.out.printf("killed after %d%%: %d acknowledged in %d ms%n", percent,
            acked1.size() + acked2.size(), (System.nanoTime() - start) / 1_000_000);
      }
    }
    assertThat(acked1.size() + acked2.size()).isGreaterThanOrEqualTo(2 * MESSAGES * percent / 100);

    try (ServerProcess server = ServerProcess.start(dir.resolve("second.log"), port, flags())) {
      Matcher recovered = RECOVERED.matcher(server.log());
      assertThat(recovered.find()).as(server.log()).isTrue();
      assertThat(recovered.group(1)).as("sessions").isEqualTo("2");
      assertThat(recovered.group(2)).as("subscriptions").isEqualTo("2");
      System.out.printf("killed after %d%%: %d QoS 1 + %d QoS 2 acknowledged; %s%n",
          percent, acked1.size(), acked2.size(), recovered.group());
      try (PahoClient pub = PahoClient.connect(server.uri(), "crash-after")) {
        // subscriptions intact: while their clients are still away, the stored subscriptions
        // queue a new message for both, behind what was queued before the kill
        pub.publish("crash/q1/end", "end", 1);
        pub.publish("crash/q2/end", "end", 2);
      }
      try (PahoClient q1 = PahoClient.connect(server.uri(), "crash-q1", persistentSession());
           PahoClient q2 = PahoClient.connect(server.uri(), "crash-q2", persistentSession())) {
        List<String> got1 = receiveUntilEnd(q1);
        List<String> got2 = receiveUntilEnd(q2);
        assertThat(numbers(got1)).as("QoS 1 acknowledged and lost").containsAll(acked1);
        assertThat(numbers(got2)).as("QoS 2 acknowledged and lost").containsAll(acked2);
        assertThat(got2).as("[MQTT-4.3.3] no QoS 2 message twice").doesNotHaveDuplicates();
        System.out.printf("after the restart: %d QoS 1 and %d QoS 2 messages delivered%n",
            got1.size(), got2.size());
      }
      try (PahoClient late = PahoClient.connect(server.uri(), "crash-late")) {
        late.subscribe("crash/retained", 1);
        assertThat(late.next()).isEqualTo("crash/retained=kept@1");
        // [MQTT-3.1.2-8] connected at the kill: its retained will went out at the restart
        late.subscribe("crash/will", 1);
        assertThat(late.next()).isEqualTo("crash/will=gone@1");
      }
    }
  }

  /**
   * The same with persistent subscribers connected while two publishers send, one at QoS 1 and
   * one at QoS 2 (delivered at QoS 1): a QoS 1 copy to a connected persistent session is written
   * only if its PUBACK does not come back within {@code persistence.inflightWriteDelay} (200 ms
   * by default), and the publisher's PUBACK waits for one or the other; a released QoS 2
   * message's copy is written at once, behind the unwritten ones. One subscriber acknowledges
   * everything (most of its copies are never written), one nothing (its copies are written once
   * the delay passes). After a SIGKILL at half the messages and a restart, every message
   * acknowledged to its publisher reached the first subscriber before the kill or reaches it
   * after, and reaches the second; what each gets after the restart comes in each publisher's
   * order ([MQTT-4.6.0-1]). With {@code interval} durability the QoS 1 copies are journaled and
   * their publishers acknowledged once the record is written; the restarted server reads the
   * journal back ({@link JournalCrashIT} counts the copies it puts back).
   */
  @ParameterizedTest(name = "{0} durability")
  @ValueSource(strings = {"sync", "interval"})
  void everyAcknowledgedMessageReachesConnectedSubscribersAcrossASigkill(String durability)
      throws Exception {
    int port = ServerProcess.freePort();
    int messages = Math.min(MESSAGES, 4_000);
    Set<Integer> acked1;
    Set<Integer> acked2;
    List<String> fastBefore;
    try (ServerProcess server = ServerProcess.start(dir.resolve("first.log"), port,
        flags(durability));
         PahoClient fast = PahoClient.connect(server.uri(), "live-fast", persistentSession());
         PahoClient slow = PahoClient.connectManualAcks(server.uri(), "live-slow",
             persistentSession())) {
      fast.subscribe("live/#", 1);
      slow.subscribe("live/#", 1);
      try (CrashPublisher pub1 = new CrashPublisher(server.uri(), "live-pub1", "live/q1", 1);
           CrashPublisher pub2 = new CrashPublisher(server.uri(), "live-pub2", "live/q2", 2)) {
        // killed while both keep publishing, with messages in flight: half of them acknowledged
        boolean killed = false;
        for (int i = 0; i < messages && !killed; i++) {
          boolean sent = pub1.publish(i) & pub2.publish(i);
          if (pub1.acknowledged.size() + pub2.acknowledged.size() >= messages) {
            server.kill();
            killed = true;
          } else if (!sent) {
            throw new AssertionError("publisher stalled before the kill at message " + i);
          }
        }
        if (!killed) {
          await().atMost(Duration.ofSeconds(20))
              .until(() -> pub1.acknowledged.size() + pub2.acknowledged.size() >= messages);
          server.kill();
        }
        acked1 = Set.copyOf(pub1.acknowledged);
        acked2 = Set.copyOf(pub2.acknowledged);
      }
      fastBefore = List.copyOf(fast.received);
    }

    try (ServerProcess server = ServerProcess.start(dir.resolve("second.log"), port,
        flags(durability))) {
      Matcher journaled = JOURNALED.matcher(server.log());
      if (durability.equals("interval")) {
        // the journal was kept and read back; how many of its copies were neither acknowledged
        // nor written depends on the kill's moment (the QoS 2 copies queued behind them make
        // the QoS 1 ones go to the queue at once): JournalCrashIT counts them
        assertThat(journaled.find()).as("the journal read back: %s", server.log()).isTrue();
        System.out.printf("interval: %s%n", journaled.group());
      } else {
        assertThat(journaled.find()).as("no journal with sync").isFalse();
      }
      try (PahoClient pub = PahoClient.connect(server.uri(), "live-after")) {
        pub.publish("live/end", "end", 1); // queued for both behind what they kept
      }
      try (PahoClient fast = PahoClient.connect(server.uri(), "live-fast", persistentSession());
           PahoClient slow = PahoClient.connect(server.uri(), "live-slow", persistentSession())) {
        List<String> fastAfter = receiveUntilEnd(fast);
        List<String> slowAfter = receiveUntilEnd(slow);
        for (String from : List.of("live/q1/", "live/q2/")) {
          Set<Integer> acked = from.equals("live/q1/") ? acked1 : acked2;
          Set<Integer> fastAll = new HashSet<>(numbers(from(fastBefore, from)));
          fastAll.addAll(numbers(from(fastAfter, from)));
          assertThat(fastAll).as("%s acknowledged, neither received nor kept", from)
              .containsAll(acked);
          assertThat(numbers(from(slowAfter, from))).as("%s acknowledged and not kept", from)
              .containsAll(acked);
          assertThat(ordered(from(fastAfter, from))).as("%s order after the restart", from)
              .isSorted();
          assertThat(ordered(from(slowAfter, from))).as("%s order after the restart", from)
              .isSorted();
        }
        System.out.printf("connected subscribers: %d QoS 1 + %d QoS 2 acknowledged before the "
            + "kill; the fast one had received %d, then got %d; the slow one got %d after the "
            + "restart%n", acked1.size(), acked2.size(), fastBefore.size(), fastAfter.size(),
            slowAfter.size());
      }
    }
  }

  /** The messages published under {@code prefix}, in the order received. */
  private static List<String> from(List<String> received, String prefix) {
    return received.stream().filter(m -> m.startsWith(prefix)).toList();
  }

  /** The numbers of {@code received} in the order received. */
  private static List<Integer> ordered(List<String> received) {
    return received.stream()
        .map(m -> Integer.parseInt(m.substring(m.indexOf('=') + 1, m.indexOf('@')))).toList();
  }

  /** Everything the subscriber receives until the "end" marker, as "topic=payload@qos". */
  private static List<String> receiveUntilEnd(PahoClient sub) throws InterruptedException {
    List<String> got = new ArrayList<>();
    for (int i = 0; i <= 2 * MESSAGES + 1; i++) {
      String next = sub.next();
      assertThat(next).as("message %d after %s", i, got.size()).isNotNull();
      if (next.endsWith("/end=end@1") || next.endsWith("/end=end@2")) {
        return got;
      }
      got.add(next);
    }
    throw new AssertionError("no end marker after " + got.size() + " messages");
  }

  private static Set<Integer> numbers(List<String> received) {
    Set<Integer> numbers = new HashSet<>();
    for (String message : received) {
      numbers.add(Integer.parseInt(message.substring(message.indexOf('=') + 1,
          message.indexOf('@'))));
    }
    return numbers;
  }
}
