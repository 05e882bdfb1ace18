package dev.aedes;

import static dev.aedes.SubscriptionIdentifiersIT.connect5;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import dev.aedes.packet.DisconnectPacket;
import dev.aedes.packet.Properties;
import dev.aedes.packet.PublishPacket;
import dev.aedes.packet.PubrecPacket;
import dev.aedes.packet.PubrelPacket;
import dev.aedes.packet.SubackPacket;
import dev.aedes.packet.SubscribePacket;
import dev.aedes.packet.Subscription;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Shared subscriptions {@code $share/{group}/{filter}} ([MQTT 5.0] 4.8.2): each message to one
 * member, round-robin; no retained messages at subscribe; a QoS 1 message a leaving member did
 * not acknowledge goes to another member; invalid filters and No Local refused.
 */
class SharedSubscriptionsIT {
  private static final int MEMBERS = 3;
  private static final int MESSAGES = 30;

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  @DisplayName("[MQTT 5.0 4.8.2] HiveMQ: 3 members, 30 messages, each gets 10, none twice")
  void roundRobinWithHiveMq() throws Exception {
    try (TestBroker broker = TestBroker.start();
        HiveClient publisher = HiveClient.connect(broker, "sh-pub")) {
      List<HiveClient> members = new ArrayList<>();
      try {
        for (int i = 0; i < MEMBERS; i++) {
          HiveClient member = HiveClient.connect(broker, "sh-hive-" + i);
          members.add(member);
          member.client().subscribeWith().topicFilter("$share/workers/jobs/+")
              .qos(MqttQos.AT_LEAST_ONCE).send();
        }
        for (int i = 0; i < MESSAGES; i++) {
          publisher.publish("jobs/" + i, "job-" + i, 1, false);
        }
        Set<String> seen = new HashSet<>();
        for (HiveClient member : members) {
          for (int i = 0; i < MESSAGES / MEMBERS; i++) {
            assertThat(seen.add(HiveClient.payload(member.next()))).as("no duplicate").isTrue();
          }
        }
        assertThat(seen).hasSize(MESSAGES);
        for (HiveClient member : members) {
          assertThat(member.poll()).as("no more than its share").isEmpty();
        }
      } finally {
        members.forEach(HiveClient::close);
      }
    }
  }

  @Test
  @DisplayName("[MQTT 5.0 4.8.2] Paho mqttv5: 3 members, 30 messages, each gets 10, none twice")
  void roundRobinWithPaho() throws Exception {
    try (TestBroker broker = TestBroker.start();
        Paho5Client publisher = Paho5Client.connect(broker, "sh-paho-pub")) {
      List<Paho5Client> members = new ArrayList<>();
      try {
        for (int i = 0; i < MEMBERS; i++) {
          Paho5Client member = Paho5Client.connect(broker, "sh-paho-" + i);
          members.add(member);
          assertThat(member.subscribe(new MqttSubscription("$share/p/work", 1), null))
              .containsExactly(1);
        }
        for (int i = 0; i < MESSAGES; i++) {
          publisher.publish("work", "job-" + i, 1, false);
        }
        Set<String> seen = new HashSet<>();
        for (Paho5Client member : members) {
          for (int i = 0; i < MESSAGES / MEMBERS; i++) {
            assertThat(seen.add(member.next().payload())).as("no duplicate").isTrue();
          }
        }
        assertThat(seen).hasSize(MESSAGES);
        assertThat(members).allSatisfy(member -> assertThat(member.pending()).isZero());
      } finally {
        for (Paho5Client member : members) {
          member.close();
        }
      }
    }
  }

  @Test
  @DisplayName("shared subscriptions work for MQTT 3.1.1 clients too (as Mosquitto, HiveMQ)")
  void sharedSubscriptionForMqtt311() throws Exception {
    try (TestBroker broker = TestBroker.start();
        RawClient a = RawClient.connected(broker, "sh-v4-a", true);
        RawClient b = RawClient.connected(broker, "sh-v4-b", true);
        RawClient pub = RawClient.connected(broker, "sh-v4-pub", true)) {
      assertThat(a.subscribe(1, new Subscription("$share/g/v4", 0)).granted()).containsExactly(0);
      assertThat(b.subscribe(1, new Subscription("$share/g/v4", 0)).granted()).containsExactly(0);
      for (int i = 0; i < 4; i++) {
        pub.send(new PublishPacket("v4", utf8("m" + i), 0, 0, false));
      }
      assertThat(a.expect(PublishPacket.class).payload()).isEqualTo(utf8("m0"));
      assertThat(b.expect(PublishPacket.class).payload()).isEqualTo(utf8("m1"));
      assertThat(a.expect(PublishPacket.class).payload()).isEqualTo(utf8("m2"));
      assertThat(b.expect(PublishPacket.class).payload()).isEqualTo(utf8("m3"));
    }
  }

  @Test
  @DisplayName("[MQTT 5.0 3.3.1.3] retained messages are sent only for non-shared "
      + "subscriptions, not when a shared subscription is made")
  void noRetainedMessagesOnSharedSubscribe() throws Exception {
    try (TestBroker broker = TestBroker.start();
        HiveClient member = HiveClient.connect(broker, "sh-ret")) {
      member.publish("state/a", "retained", 1, true);
      member.client().subscribeWith().topicFilter("$share/g/state/#")
          .qos(MqttQos.AT_LEAST_ONCE).send();
      member.publish("state/a", "marker", 1, false);
      assertThat(HiveClient.payload(member.next())).isEqualTo("marker");
    }
  }

  @Test
  @DisplayName("[MQTT-3.8.3-4] No Local on a shared subscription is a Protocol Error: "
      + "DISCONNECT 0x82")
  void noLocalOnSharedIsProtocolError() throws Exception {
    try (TestBroker broker = TestBroker.start();
        RawClient client = connect5(broker, "sh-nl")) {
      client.send(new SubscribePacket(1, List.of(new Subscription("$share/g/t", 0, true, false, 0))));
      assertThat(client.expect(DisconnectPacket.class).reasonCode()).isEqualTo(0x82);
      client.awaitClosed();
    }
  }

  @Test
  @DisplayName("[MQTT-4.8.2-1] [MQTT-4.8.2-2] an invalid shared filter gets SUBACK 0x8F")
  void invalidSharedFiltersAreRefused() throws Exception {
    try (TestBroker broker = TestBroker.start();
        RawClient client = connect5(broker, "sh-bad")) {
      SubackPacket suback = client.subscribe(1, new Subscription("$share/g", 0),
          new Subscription("$share//t", 0), new Subscription("$share/g+/t", 0),
          new Subscription("$share/g#/t", 0), new Subscription("$share/g/t/#/x", 0),
          new Subscription("$share/g/t/+", 1));
      assertThat(suback.granted()).containsExactly(0x8F, 0x8F, 0x8F, 0x8F, 0x8F, 1);
    }
  }

  @Test
  @DisplayName("[MQTT 5.0 4.8.2] a QoS 1 message a member left unacknowledged with its session "
      + "ended goes to another member")
  void unacknowledgedQos1GoesToAnotherMember() throws Exception {
    try (TestBroker broker = TestBroker.start();
        RawClient first = connect5(broker, "sh-first");
        RawClient second = connect5(broker, "sh-second");
        RawClient pub = connect5(broker, "sh-pub1")) {
      first.subscribe(1, new Subscription("$share/g/q1", 1));
      second.subscribe(1, new Subscription("$share/g/q1", 1));
      pub.send(new PublishPacket("q1", utf8("orphan"), 1, 7, false));
      PublishPacket got = first.expect(PublishPacket.class); // round-robin: the first member
      assertThat(got.payload()).isEqualTo(utf8("orphan"));
      first.destroy(); // no PUBACK, clean session: the session ends
      PublishPacket resent = second.expect(PublishPacket.class);
      assertThat(resent.payload()).isEqualTo(utf8("orphan"));
      assertThat(resent.qos()).isEqualTo(1);
    }
  }

  @ParameterizedTest(name = "in flight for {0} s of a 10 s interval")
  @ValueSource(ints = {4, 11})
  @DisplayName("[MQTT-3.3.2-5] [MQTT-3.3.2-6] a message handed to another member keeps its "
      + "deadline: the time it was in flight counts, and an expired one is not sent")
  void aMessageHandedToAnotherMemberKeepsItsDeadline(int seconds) throws Exception {
    TestClock clock = new TestClock();
    try (TestBroker broker = TestBroker.start(new AedesOptions().clock(clock));
        RawClient first = connect5(broker, "shx-first");
        RawClient second = connect5(broker, "shx-second");
        RawClient pub = connect5(broker, "shx-pub")) {
      first.subscribe(1, new Subscription("$share/g/q3", 1));
      second.subscribe(1, new Subscription("$share/g/q3", 1));
      pub.send(new PublishPacket(false, 1, false, "q3", 7, utf8("expiring"),
          Properties.builder().messageExpiryInterval(10L).build()));
      PublishPacket got = first.expect(PublishPacket.class); // round-robin: the first member
      assertThat(got.properties().messageExpiryInterval()).isEqualTo(10L);
      clock.advance(Duration.ofSeconds(seconds));
      AtomicBoolean gone = new AtomicBoolean();
      broker.aedes().onClientDisconnect(c -> gone.set("shx-first".equals(c.id())));
      first.destroy(); // no PUBACK, clean session: the session ends
      // clientDisconnect comes after the session ended: a hand-over is queued by then
      await().atMost(Duration.ofSeconds(5)).untilTrue(gone);
      pub.send(new PublishPacket("q3", utf8("marker"), 0, 0, false)); // to the member left
      PublishPacket next = second.expect(PublishPacket.class);
      if (seconds < 10) {
        assertThat(next.payload()).isEqualTo(utf8("expiring"));
        assertThat(next.properties().messageExpiryInterval()).isEqualTo(10L - seconds);
        next = second.expect(PublishPacket.class);
      }
      assertThat(next.payload()).as("the expired one is not sent").isEqualTo(utf8("marker"));
    }
  }

  @Test
  @DisplayName("[MQTT-4.8.2-5] a QoS 2 message in flight to a member whose session ends is not "
      + "sent to another member")
  void unacknowledgedQos2IsNotSentToAnotherMember() throws Exception {
    try (TestBroker broker = TestBroker.start();
        RawClient first = connect5(broker, "sh2-first");
        RawClient second = connect5(broker, "sh2-second");
        RawClient pub = connect5(broker, "sh2-pub")) {
      first.subscribe(1, new Subscription("$share/g/q2", 2));
      second.subscribe(1, new Subscription("$share/g/q2", 2));
      pub.send(new PublishPacket("q2", utf8("exactly-once"), 2, 7, false));
      pub.expect(PubrecPacket.class);
      pub.send(new PubrelPacket(7)); // dispatched on PUBREL
      assertThat(first.expect(PublishPacket.class).payload()).isEqualTo(utf8("exactly-once"));
      AtomicBoolean gone = new AtomicBoolean();
      broker.aedes().onClientDisconnect(c -> gone.set("sh2-first".equals(c.id())));
      first.destroy();
      // clientDisconnect comes after the session ended, so a re-send would already be queued
      await().atMost(Duration.ofSeconds(5)).untilTrue(gone);
      pub.send(new PublishPacket("q2", utf8("marker"), 0, 0, false));
      assertThat(second.expect(PublishPacket.class).payload()).isEqualTo(utf8("marker"));
    }
  }
}
