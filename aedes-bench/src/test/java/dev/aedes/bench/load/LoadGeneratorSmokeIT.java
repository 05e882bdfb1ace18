package dev.aedes.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aedes.TestBroker;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every scenario of the load generator for about a second at tiny scale against an in-process
 * broker, so the generator keeps working: something is delivered, nothing is lost at QoS 1 and
 * 2, nothing is duplicated at QoS 2, and each scenario prints one JSON line.
 */
class LoadGeneratorSmokeIT {
  private static TestBroker broker;

  @BeforeAll
  static void startBroker() throws Exception {
    broker = TestBroker.start();
  }

  @AfterAll
  static void stopBroker() throws Exception {
    broker.close();
  }

  @Test
  void everyScenarioDeliversAndLosesNothingAtQos1And2() {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    // The broker runs in this JVM: its "broker" CPU and RSS are this process's.
    List<Map<String, Object>> results = LoadGenerator.execute(
        new PrintStream(printed, true, StandardCharsets.UTF_8),
        "--port", Integer.toString(broker.port()),
        "--broker-pid", Long.toString(ProcessHandle.current().pid()),
        "--label", "smoke", "--messages", "2000", "--clients", "10", "--seconds", "1",
        "--drain-seconds", "5", "--threads", "2", "all");

    assertThat(results).extracting(r -> r.get("scenario")).containsExactly("fanin-qos0",
        "fanin-qos1", "pairs-qos1", "fanout-qos0", "qos2", "latency", "connections");
    for (Map<String, Object> result : results) {
      assertThat(result.get("broker_cpu_s")).as("%s", result).isNotNull();
      if ("connections".equals(result.get("scenario"))) {
        assertThat((Long) result.get("connected")).as("%s", result).isEqualTo(10);
        continue;
      }
      assertThat((Long) result.get("received")).as("%s", result).isPositive();
      assertThat((Long) result.get("errors")).as("%s", result).isZero();
      if ((Integer) result.get("qos") >= 1) {
        assertThat((Long) result.get("lost")).as("%s", result).isZero();
        assertThat((Long) result.get("unacked")).as("%s", result).isZero();
      }
      if ((Integer) result.get("qos") == 2) {
        assertThat((Long) result.get("duplicated")).as("%s", result).isZero();
      }
    }
    String[] lines = printed.toString(StandardCharsets.UTF_8).trim().split("\n");
    assertThat(lines).hasSize(7).allSatisfy(line ->
        assertThat(line).startsWith("{\"scenario\":\"").contains("\"broker\":\"smoke\"")
            .endsWith("}"));
  }

  @Test
  void persistentSubscribersReceiveEveryQos1And2MessageTwiceInARow() {
    // Twice: the fixed client ids of the second run find the sessions of the first wiped.
    for (int run = 0; run < 2; run++) {
      List<Map<String, Object>> results = LoadGenerator.execute(
          new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
          "--port", Integer.toString(broker.port()), "--persistent",
          "--messages", "2000", "--clients", "10", "--seconds", "5", "--drain-seconds", "5",
          "--threads", "2", "fanin-qos1", "pairs-qos1", "qos2");

      assertThat(results).hasSize(3).allSatisfy(result -> {
        assertThat(result.get("persistent")).as("%s", result).isEqualTo(true);
        assertThat((Long) result.get("received")).as("%s", result).isEqualTo(2000);
        assertThat((Long) result.get("lost")).as("%s", result).isZero();
        assertThat((Long) result.get("errors")).as("%s", result).isZero();
        assertThat((Long) result.get("unacked")).as("%s", result).isZero();
      });
    }
  }
}
