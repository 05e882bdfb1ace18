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
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The journal of copies sent across a SIGKILL of the packaged server, {@code interval}
 * durability: two persistent subscribers stay connected while a publisher sends QoS 1 messages,
 * one acknowledging everything, one every message but each fourth. Their publisher is
 * acknowledged once a copy is journaled, and the held copies are written to the queue only
 * after 2000 ms, so those of the last moments before the kill exist in the journal alone. After
 * the restart every message acknowledged to the publisher that the second subscriber had not
 * acknowledged reaches it, in order, and the first subscriber got each one before or after.
 * Run by failsafe after {@code package}.
 */
class JournalCrashIT {
  private static final int MESSAGES = 4_000;
  private static final Pattern JOURNALED = Pattern.compile(
      "(\\d+) copies sent but neither acknowledged nor written put back in their queues "
          + "from the journal \\((\\d+) records in (\\d+) segments");

  @TempDir
  Path dir;

  private String[] flags() {
    // small segments: records rotate through several, and ended ones are deleted, before the kill
    return new String[] {"--persistence=rocksdb", "--persistence-durability=interval",
        "--persistence-path=" + dir.resolve("data"), "--persistence-journal-segment-size=65536"};
  }

  private static MqttConnectOptions persistentSession() {
    MqttConnectOptions options = PahoClient.options(null);
    options.setCleanSession(false);
    return options;
  }

  private static int number(String payload) {
    return Integer.parseInt(payload);
  }

  @Test
  void copiesInTheJournalAloneComeBackAfterASigkill() throws Exception {
    int port = ServerProcess.freePort();
    Set<Integer> acked;
    Set<Integer> heldBack = new HashSet<>();
    List<String> allBefore;
    try (ServerProcess server = ServerProcess.start(dir.resolve("first.log"), port, flags());
         PahoClient all = PahoClient.connect(server.uri(), "journal-all", persistentSession());
         PahoClient most = PahoClient.connectManualAcks(server.uri(), "journal-most",
             persistentSession())) {
      all.subscribe("journal/#", 1);
      most.subscribe("journal/#", 1);
      try (CrashPublisher pub = new CrashPublisher(server.uri(), "journal-pub", "journal/q1",
          1)) {
        boolean killed = false;
        for (int i = 0; i < MESSAGES && !killed; i++) {
          if (!pub.publish(i)) {
            throw new AssertionError("publisher stalled before the kill at message " + i);
          }
          for (MqttMessage m; (m = most.unacked.poll()) != null; ) {
            if (number(new String(m.getPayload())) % 4 == 0) {
              heldBack.add(number(new String(m.getPayload())));
            } else {
              most.client.messageArrivedComplete(m.getId(), m.getQos());
            }
          }
          if (pub.acknowledged.size() >= MESSAGES / 2) {
            server.kill();
            killed = true;
          }
        }
        if (!killed) {
          await().atMost(Duration.ofSeconds(20))
              .until(() -> pub.acknowledged.size() >= MESSAGES / 2);
          server.kill();
        }
        acked = Set.copyOf(pub.acknowledged);
      }
      for (MqttMessage m; (m = most.unacked.poll()) != null; ) {
        heldBack.add(number(new String(m.getPayload()))); // arrived, never acknowledged
      }
      allBefore = List.copyOf(all.received);
    }
    Set<Integer> notAcknowledgedByMost = new HashSet<>(acked);
    notAcknowledgedByMost.removeIf(n -> n % 4 != 0 && !heldBack.contains(n));

    try (ServerProcess server = ServerProcess.start(dir.resolve("second.log"), port, flags())) {
      Matcher journaled = JOURNALED.matcher(server.log());
      assertThat(journaled.find()).as("copies put back from the journal: %s", server.log())
          .isTrue();
      assertThat(Integer.parseInt(journaled.group(1))).isPositive();
      // more than the one written at the kill and the next one prepared: records rotated
      assertThat(Integer.parseInt(journaled.group(3))).as("segments read at the restart")
          .isGreaterThan(2);
      try (PahoClient pub = PahoClient.connect(server.uri(), "journal-after")) {
        pub.publish("journal/end", "-1", 1); // queued for both behind what they kept
      }
      try (PahoClient all = PahoClient.connect(server.uri(), "journal-all", persistentSession());
           PahoClient most = PahoClient.connect(server.uri(), "journal-most",
               persistentSession())) {
        List<Integer> allAfter = receiveUntilEnd(all);
        List<Integer> mostAfter = receiveUntilEnd(most);
        assertThat(mostAfter).as("acknowledged to the publisher, not by the subscriber")
            .containsAll(notAcknowledgedByMost);
        assertThat(mostAfter).as("order after the restart").isSorted();
        Set<Integer> allGot = new HashSet<>(allAfter);
        for (String message : allBefore) {
          allGot.add(number(message.substring(message.indexOf('=') + 1, message.indexOf('@'))));
        }
        assertThat(allGot).as("acknowledged, neither received nor kept").containsAll(acked);
        assertThat(allAfter).as("order after the restart").isSorted();
        System.out.printf("journal: %d acknowledged to the publisher before the kill, %d of them "
            + "not by the subscriber acknowledging most; %s; after the restart it got %d and "
            + "the one acknowledging all got %d again%n", acked.size(),
            notAcknowledgedByMost.size(), journaled.group(), mostAfter.size(), allAfter.size());
      }
    }
  }

  /** The numbers the subscriber receives until the end marker, in order. */
  private static List<Integer> receiveUntilEnd(PahoClient sub) throws InterruptedException {
    List<Integer> got = new ArrayList<>();
    for (int i = 0; i <= MESSAGES + 1; i++) {
      String next = sub.next();
      assertThat(next).as("message %d after %s", i, got.size()).isNotNull();
      if (next.startsWith("journal/end=")) {
        return got;
      }
      got.add(number(next.substring(next.indexOf('=') + 1, next.indexOf('@'))));
    }
    throw new AssertionError("no end marker after " + got.size() + " messages");
  }
}
