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

  private String[] flags() {
    // no --id: the id kept in the data directory makes the restarted server the same broker,
    // which publishes the wills its previous run left at once
    return new String[] {"--persistence=rocksdb", "--persistence-durability=sync",
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
   * The same with persistent subscribers connected while the publisher sends: a QoS 1 copy to
   * a connected persistent session is written only if its PUBACK does not come back within
   * {@code persistence.inflightWriteDelay} (200 ms by default), and the publisher's PUBACK waits
   * for one or the other. One subscriber acknowledges everything (most of its copies are never
   * written), one nothing (its copies are written once the delay passes). After a SIGKILL at
   * half the messages and a restart, every message acknowledged to the publisher reached the
   * first before the kill or reaches it after, and reaches the second.
   */
  @Test
  void everyAcknowledgedMessageReachesConnectedSubscribersAcrossASigkill() throws Exception {
    int port = ServerProcess.freePort();
    int messages = Math.min(MESSAGES, 4_000);
    Set<Integer> acked;
    Set<Integer> fastBefore;
    try (ServerProcess server = ServerProcess.start(dir.resolve("first.log"), port, flags());
         PahoClient fast = PahoClient.connect(server.uri(), "live-fast", persistentSession());
         PahoClient slow = PahoClient.connectManualAcks(server.uri(), "live-slow",
             persistentSession())) {
      fast.subscribe("live/#", 1);
      slow.subscribe("live/#", 1);
      try (CrashPublisher pub = new CrashPublisher(server.uri(), "live-pub", "live", 1)) {
        for (int i = 0; i < messages && pub.acknowledged.size() < messages / 2; i++) {
          if (!pub.publish(i)) {
            throw new AssertionError("publisher stalled before the kill at message " + i);
          }
        }
        await().atMost(Duration.ofSeconds(20))
            .until(() -> pub.acknowledged.size() >= messages / 2);
        server.kill();
        acked = Set.copyOf(pub.acknowledged);
      }
      fastBefore = numbers(List.copyOf(fast.received));
    }

    try (ServerProcess server = ServerProcess.start(dir.resolve("second.log"), port, flags())) {
      try (PahoClient pub = PahoClient.connect(server.uri(), "live-after")) {
        pub.publish("live/end", "end", 1); // queued for both behind what they kept
      }
      try (PahoClient fast = PahoClient.connect(server.uri(), "live-fast", persistentSession());
           PahoClient slow = PahoClient.connect(server.uri(), "live-slow", persistentSession())) {
        Set<Integer> fastAll = new HashSet<>(fastBefore);
        fastAll.addAll(numbers(receiveUntilEnd(fast)));
        Set<Integer> slowAfter = numbers(receiveUntilEnd(slow));
        assertThat(fastAll).as("acknowledged, and neither received nor kept").containsAll(acked);
        assertThat(slowAfter).as("acknowledged and not kept").containsAll(acked);
        System.out.printf("connected subscribers: %d acknowledged before the kill; the fast one "
            + "had received %d, the slow one got %d after the restart%n", acked.size(),
            fastBefore.size(), slowAfter.size());
      }
    }
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
