package dev.aedes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.aedes.packet.ConnackPacket;
import dev.aedes.packet.ConnectPacket;
import dev.aedes.packet.Packet;
import dev.aedes.packet.PingrespPacket;
import dev.aedes.packet.ProtocolVersion;
import dev.aedes.packet.PublishPacket;
import dev.aedes.packet.PubrelPacket;
import dev.aedes.packet.SubackPacket;
import dev.aedes.packet.SubscribePacket;
import dev.aedes.packet.Subscription;
import dev.aedes.packet.PingreqPacket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The broker's events, with Aedes's meaning and order, seen with Paho and raw clients. */
class EventsIT {
  @Test
  void connectEmitsClientThenConnackSentThenClientReady() throws Exception {
    try (TestBroker broker = TestBroker.start()) {
      Aedes aedes = broker.aedes();
      Queue<String> order = new ConcurrentLinkedQueue<>();
      aedes.onClient(c -> order.add("client:" + c.id()));
      aedes.onConnackSent((p, c) -> order.add("connackSent:" + p.returnCode()));
      aedes.onClientReady(c -> order.add("clientReady:" + c.id()));
      try (PahoClient paho = PahoClient.connect(broker, "ordered")) {
        await().until(() -> order.size() == 3);
        assertThat(order).containsExactly("client:ordered", "connackSent:0", "clientReady:ordered");
      }
    }
  }

  @Test
  void disconnectEmitsClientDisconnect() throws Exception {
    try (TestBroker broker = TestBroker.start()) {
      List<String> gone = new CopyOnWriteArrayList<>();
      broker.aedes().onClientDisconnect(c -> gone.add(c.id()));
      PahoClient paho = PahoClient.connect(broker, "leaver");
      paho.client().disconnect();
      paho.close();
      await().until(() -> gone.contains("leaver"));
    }
  }

  @Test
  void failingAuthorizeSubscribeEmitsClientError() throws Exception {
    try (TestBroker broker = TestBroker.start()) {
      Aedes aedes = broker.aedes();
      aedes.authorizeSubscribe((c, sub) ->
          java.util.concurrent.CompletableFuture.failedFuture(new SecurityException("no")));
      List<Throwable> errors = new CopyOnWriteArrayList<>();
      List<Throwable> connectionErrors = new CopyOnWriteArrayList<>();
      aedes.onClientError((c, e) -> errors.add(e));
      aedes.onConnectionError((c, e) -> connectionErrors.add(e));
      try (RawClient raw = RawClient.connected(broker, "sub-err", true)) {
        raw.conn().subscribe(new SubscribePacket(1, List.of(new Subscription("a", 0))));
        raw.awaitClosed();
      }
      await().until(() -> !errors.isEmpty());
      assertThat(errors.get(0)).isInstanceOf(SecurityException.class);
      assertThat(connectionErrors).isEmpty();
    }
  }

  @Test
  void malformedFirstPacketEmitsConnectionError() throws Exception {
    try (TestBroker broker = TestBroker.start()) {
      List<Throwable> errors = new CopyOnWriteArrayList<>();
      broker.aedes().onConnectionError((c, e) -> errors.add(e));
      try (RawClient raw = RawClient.open(broker)) {
        // CONNECT whose protocol name is "MQTX": not MQTT at all
        raw.sendBytes(new byte[] {0x10, 12, 0, 4, 'M', 'Q', 'T', 'X', 4, 2, 0, 0, 0, 0});
        raw.awaitClosed();
      }
      await().until(() -> !errors.isEmpty());
    }
  }

  @Test
  void refusedConnectEmitsConnectionError() throws Exception {
    try (TestBroker broker = TestBroker.start()) {
      Aedes aedes = broker.aedes();
      aedes.authenticate((c, u, p) ->
          java.util.concurrent.CompletableFuture.completedFuture(false));
      List<Throwable> errors = new CopyOnWriteArrayList<>();
      aedes.onConnectionError((c, e) -> errors.add(e));
      try (RawClient raw = RawClient.open(broker)) {
        raw.conn().connect(ConnectPacket.of(ProtocolVersion.MQTT_3_1_1, "refused", true, 0));
        assertThat(raw.expect(ConnackPacket.class).returnCode()).isEqualTo(5);
      }
      await().until(() -> !errors.isEmpty());
    }
  }

  @Test
  void silentClientEmitsKeepaliveTimeoutAndIsClosed() throws Exception {
    try (TestBroker broker = TestBroker.start()) {
      List<String> timedOut = new CopyOnWriteArrayList<>();
      broker.aedes().onKeepaliveTimeout(c -> timedOut.add(c.id()));
      try (RawClient raw = RawClient.open(broker)) {
        raw.conn().connect(ConnectPacket.of(ProtocolVersion.MQTT_3_1_1, "sleepy", true, 1));
        assertThat(raw.expect(ConnackPacket.class).returnCode()).isZero();
        raw.awaitClosed(); // after 1.5 s of silence ([MQTT-3.1.2-24])
      }
      assertThat(timedOut).containsExactly("sleepy");
    }
  }

  @Test
  void publishEventCarriesTheClientOrNullForBrokerAndSysMessages() throws Exception {
    try (TestBroker broker = TestBroker.start()) {
      Aedes aedes = broker.aedes();
      Map<String, String> publishers = new java.util.concurrent.ConcurrentHashMap<>();
      aedes.onPublish((p, c) -> publishers.put(p.topic(), c == null ? "null" : c.id()));
      try (PahoClient paho = PahoClient.connect(broker, "pub-event")) {
        paho.publish("from/client", "x", 1);
        aedes.publish(PublishPacket.of("from/broker", "y"), e -> { });
        String sys = "$SYS/" + aedes.id() + "/new/clients";
        await().until(() -> publishers.size() >= 3);
        assertThat(publishers).containsEntry("from/client", "pub-event")
            .containsEntry("from/broker", "null").containsEntry(sys, "null");
      }
    }
  }

  @Test
  void ackIsEmittedOnPubackAtQos1AndOnPubcompAtQos2() throws Exception {
    try (TestBroker broker = TestBroker.start()) {
      Aedes aedes = broker.aedes();
      List<Packet> acks = new CopyOnWriteArrayList<>();
      aedes.onAck((p, c) -> acks.add(p));
      try (RawClient raw = RawClient.connected(broker, "acker", true)) {
        raw.conn().subscribe(new SubscribePacket(1, List.of(new Subscription("q/#", 2))));
        raw.expect(SubackPacket.class);
        aedes.publish(new PublishPacket("q/1", bytes("one"), 1, 1, false), e -> { });
        PublishPacket first = raw.expect(PublishPacket.class);
        assertThat(acks).isEmpty();
        raw.conn().puback(new dev.aedes.packet.PubackPacket(first.messageId()));
        await().until(() -> acks.size() == 1);
        // Aedes: the acknowledged PUBLISH for QoS 1
        assertThat(acks.get(0)).isInstanceOfSatisfying(PublishPacket.class,
            p -> assertThat(p.topic()).isEqualTo("q/1"));

        aedes.publish(new PublishPacket("q/2", bytes("two"), 2, 2, false), e -> { });
        PublishPacket second = raw.expect(PublishPacket.class);
        raw.conn().pubrec(new dev.aedes.packet.PubrecPacket(second.messageId()));
        PubrelPacket pubrel = raw.expect(PubrelPacket.class);
        assertThat(raw.poll(200)).isNull();
        assertThat(acks).hasSize(1); // not before PUBCOMP
        raw.conn().pubcomp(new dev.aedes.packet.PubcompPacket(pubrel.messageId()));
        await().until(() -> acks.size() == 2);
        // Aedes: the PUBREL for QoS 2
        assertThat(acks.get(1)).isInstanceOfSatisfying(PubrelPacket.class,
            p -> assertThat(p.messageId()).isEqualTo(second.messageId()));
      }
    }
  }

  @Test
  void pingreqEmitsPing() throws Exception {
    try (TestBroker broker = TestBroker.start()) {
      List<String> pings = new CopyOnWriteArrayList<>();
      broker.aedes().onPing((p, c) -> pings.add(c.id()));
      try (RawClient raw = RawClient.connected(broker, "pinger", true)) {
        raw.conn().pingreq(PingreqPacket.INSTANCE);
        raw.expect(PingrespPacket.class);
        await().until(() -> pings.contains("pinger"));
      }
    }
  }

  @Test
  void subscribeEventDropsDuplicatesAndShowsNegatedAs128() throws Exception {
    try (TestBroker broker = TestBroker.start()) {
      Aedes aedes = broker.aedes();
      aedes.authorizeSubscribe((c, sub) -> java.util.concurrent.CompletableFuture
          .completedFuture(sub.topic().equals("denied") ? null : sub));
      List<List<GrantedSubscription>> events = new CopyOnWriteArrayList<>();
      aedes.onSubscribe((subs, c) -> events.add(subs));
      try (RawClient raw = RawClient.connected(broker, "subscriber", true)) {
        raw.conn().subscribe(new SubscribePacket(7, List.of(new Subscription("a", 0),
            new Subscription("denied", 1), new Subscription("a", 1))));
        SubackPacket suback = raw.expect(SubackPacket.class);
        assertThat(suback.granted()).containsExactly(1, 128, 1); // [MQTT-3.9.3-1]
        await().until(() -> events.size() == 1);
        assertThat(events.get(0)).containsExactlyInAnyOrder(
            new GrantedSubscription("a", 1), new GrantedSubscription("denied", 128));
      }
    }
  }

  @Test
  void unsubscribeEventListsTheFilters() throws Exception {
    try (TestBroker broker = TestBroker.start()) {
      List<List<String>> events = new CopyOnWriteArrayList<>();
      broker.aedes().onUnsubscribe((filters, c) -> events.add(filters));
      try (PahoClient paho = PahoClient.connect(broker, "unsubscriber")) {
        paho.client().subscribe(new String[] {"x", "y"}, new int[] {0, 1});
        paho.client().unsubscribe(new String[] {"x", "y"});
        await().until(() -> events.size() == 1);
        assertThat(events.get(0)).containsExactly("x", "y");
      }
    }
  }

  @Test
  void closeEmitsClosed() throws Exception {
    TestBroker broker = TestBroker.start();
    CountDownLatch closed = new CountDownLatch(1);
    broker.aedes().onClosed(closed::countDown);
    broker.close();
    assertThat(closed.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(broker.aedes().closed()).isTrue();
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

}
