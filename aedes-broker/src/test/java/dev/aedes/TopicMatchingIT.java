package dev.aedes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aedes.packet.PublishPacket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Topic filters end to end (3.1.1 section 4.7): each test publishes some topics and then a
 * marker, and checks exactly which messages came before the marker.
 */
class TopicMatchingIT {
  /** Publishes each topic at QoS 1 (in order), then "marker", and returns what arrived first. */
  private static List<String> topicsReceived(PahoClient publisher, PahoClient subscriber,
      String... topics) throws Exception {
    for (String topic : topics) {
      publisher.publish(topic, topic, 1, false);
    }
    publisher.publish("marker", "marker", 1, false);
    List<String> received = new ArrayList<>();
    for (int i = 0; i <= topics.length; i++) {
      PahoClient.Received message = subscriber.next();
      if (message.topic().equals("marker")) {
        return received;
      }
      received.add(message.topic());
    }
    throw new AssertionError("more messages than published: " + received);
  }

  @Test
  @DisplayName("[MQTT-4.7.1-3] '+' matches exactly one whole level")
  void plusMatchesExactlyOneLevel() throws Exception {
    try (TestBroker broker = TestBroker.start();
         PahoClient publisher = PahoClient.connect(broker, "pub", true);
         PahoClient subscriber = PahoClient.connect(broker, "sub", true)) {
      subscriber.subscribe("sport/+/player", 1);
      subscriber.subscribe("marker", 1);
      assertThat(topicsReceived(publisher, subscriber, "sport/tennis/player", "sport/player",
          "sport/tennis/x/player", "sport//player", "sport/tennis/player/x"))
          .containsExactly("sport/tennis/player", "sport//player");
    }
  }

  @Test
  @DisplayName("[MQTT-4.7.1-2] '#' matches its parent level and every level below")
  void hashMatchesParentAndEveryLevelBelow() throws Exception {
    try (TestBroker broker = TestBroker.start();
         PahoClient publisher = PahoClient.connect(broker, "pub", true);
         PahoClient subscriber = PahoClient.connect(broker, "sub", true)) {
      subscriber.subscribe("sport/tennis/#", 1);
      subscriber.subscribe("marker", 1);
      assertThat(topicsReceived(publisher, subscriber, "sport/tennis", "sport/tennis/player",
          "sport/tennis/player/ranking", "sport/golf", "sport/tennisball"))
          .containsExactly("sport/tennis", "sport/tennis/player", "sport/tennis/player/ranking");
    }
  }

  @Test
  @DisplayName("[MQTT-4.7.2-1] '$SYS/...' is not matched by '#' or '+/...', only by '$SYS/...'")
  void dollarTopicsAreNotMatchedByLeadingWildcards() throws Exception {
    try (TestBroker broker = TestBroker.start();
         PahoClient publisher = PahoClient.connect(broker, "pub", true);
         PahoClient everything = PahoClient.connect(broker, "all", true);
         PahoClient sys = PahoClient.connect(broker, "sys", true)) {
      everything.subscribe("#", 1);
      everything.subscribe("+/test/x", 1);
      sys.subscribe("$SYS/test/+", 1);
      broker.aedes().publish(new PublishPacket("$SYS/test/x",
          "sys".getBytes(StandardCharsets.UTF_8), 1, 0, false)).toCompletableFuture().join();
      assertThat(sys.next().topic()).isEqualTo("$SYS/test/x");
      publisher.publish("marker", "marker", 1, false);
      assertThat(everything.next().topic()).as("no $SYS message before the marker")
          .isEqualTo("marker");
    }
  }

  @Test
  @DisplayName("[MQTT-3.3.5-1] overlapping subscriptions deliver once, at the highest granted QoS")
  void overlappingSubscriptionsDeliverOnceAtTheHighestQos() throws Exception {
    try (TestBroker broker = TestBroker.start();
         PahoClient publisher = PahoClient.connect(broker, "pub", true);
         PahoClient subscriber = PahoClient.connect(broker, "sub", true);
         PahoClient other = PahoClient.connect(broker, "other", true)) {
      subscriber.subscribe("overlap/+", 0);
      subscriber.subscribe("overlap/#", 2);
      subscriber.subscribe("overlap/x", 1);
      subscriber.subscribe("marker", 1);
      other.subscribe("overlap/#", 0);
      publisher.publish("overlap/x", "once", 2, false);
      PahoClient.Received message = subscriber.next();
      assertThat(message.payload()).isEqualTo("once");
      assertThat(message.qos()).isEqualTo(2);
      assertThat(other.next().qos()).as("each client at its own QoS").isZero();
      publisher.publish("marker", "marker", 1, false);
      assertThat(subscriber.next().topic()).as("no second copy").isEqualTo("marker");
    }
  }
}
