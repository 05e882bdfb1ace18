package dev.aedes;

import static dev.aedes.PublishHooksIT.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.aedes.packet.ConnectPacket;
import dev.aedes.packet.Packet;
import dev.aedes.packet.ProtocolVersion;
import dev.aedes.packet.PubackPacket;
import dev.aedes.packet.PublishPacket;
import dev.aedes.packet.SubackPacket;
import dev.aedes.packet.SubscribePacket;
import dev.aedes.packet.Subscription;
import dev.aedes.packet.UnsubackPacket;
import dev.aedes.packet.UnsubscribePacket;
import dev.aedes.packet.Will;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The Client API: publish, subscribe, unsubscribe, close, listeners and state flags. */
class ClientMethodsIT {
  @Test
  void publishSendsToThatClientAtQos0And1() throws Exception {
    try (TestBroker broker = TestBroker.start()) {
      List<Packet> acks = new CopyOnWriteArrayList<>();
      broker.aedes().onAck((p, c) -> acks.add(p));
      try (RawClient raw = RawClient.connected(broker, "direct", true)) {
        Client client = connected(broker, "direct");
        CompletableFuture<Throwable> sent0 = new CompletableFuture<>();
        client.publish(PublishPacket.of("only/you", "zero"), sent0::complete);
        assertThat(sent0.get(5, TimeUnit.SECONDS)).isNull();
        PublishPacket zero = raw.expect(PublishPacket.class);
        assertThat(zero.qos()).isZero();
        assertThat(text(zero)).isEqualTo("zero");

        CompletableFuture<Throwable> sent1 = new CompletableFuture<>();
        client.publish(new PublishPacket("only/you", "one".getBytes(StandardCharsets.UTF_8),
            1, 1, false), sent1::complete);
        assertThat(sent1.get(5, TimeUnit.SECONDS)).isNull();
        PublishPacket one = raw.expect(PublishPacket.class);
        assertThat(one.qos()).isEqualTo(1);
        raw.conn().puback(new PubackPacket(one.messageId()));
        await().until(() -> acks.size() == 1); // the PUBACK closed the flow
      }
    }
  }

  @Test
  void subscribeWithMessageIdSendsSubackAndDelivers() throws Exception {
    try (TestBroker broker = TestBroker.start();
        RawClient raw = RawClient.connected(broker, "pushed", true)) {
      Client client = connected(broker, "pushed");
      CompletableFuture<Throwable> done = new CompletableFuture<>();
      client.subscribe(new SubscribePacket(9, List.of(new Subscription("pushed/#", 1))),
          done::complete);
      assertThat(done.get(5, TimeUnit.SECONDS)).isNull();
      SubackPacket suback = raw.expect(SubackPacket.class);
      assertThat(suback.messageId()).isEqualTo(9);
      assertThat(suback.granted()).containsExactly(1);
      broker.aedes().publish(PublishPacket.of("pushed/a", "hi"), e -> { });
      assertThat(raw.expect(PublishPacket.class).topic()).isEqualTo("pushed/a");
    }
  }

  @Test
  void unsubscribeStopsDelivery() throws Exception {
    try (TestBroker broker = TestBroker.start();
        RawClient raw = PublishHooksIT.subscribed(broker, "dropper", "x")) {
      raw.conn().subscribe(new SubscribePacket(2, List.of(new Subscription("y", 0))));
      raw.expect(SubackPacket.class);
      Client client = connected(broker, "dropper");
      CompletableFuture<Throwable> done = new CompletableFuture<>();
      client.unsubscribe(new UnsubscribePacket(10, List.of("x")), done::complete);
      assertThat(done.get(5, TimeUnit.SECONDS)).isNull();
      assertThat(raw.expect(UnsubackPacket.class).messageId()).isEqualTo(10);
      broker.aedes().publish(PublishPacket.of("x", "gone"), e -> { });
      broker.aedes().publish(PublishPacket.of("y", "kept"), e -> { });
      assertThat(raw.expect(PublishPacket.class).topic()).isEqualTo("y");
    }
  }

  @Test
  void closePublishesTheWill() throws Exception {
    try (TestBroker broker = TestBroker.start();
        RawClient watcher = PublishHooksIT.subscribed(broker, "watcher", "wills/#")) {
      ConnectPacket withWill = ConnectPacket.of(ProtocolVersion.MQTT_3_1_1, "mortal", true, 0)
          .withWill(new Will("wills/mortal", "bye".getBytes(StandardCharsets.UTF_8), 0, false));
      try (RawClient mortal = RawClient.connected(broker, withWill)) {
        Client client = connected(broker, "mortal");
        CompletableFuture<Void> closed = new CompletableFuture<>();
        client.close(() -> closed.complete(null));
        closed.get(5, TimeUnit.SECONDS);
        mortal.awaitClosed();
        assertThat(client.closed()).isTrue();
      }
      PublishPacket will = watcher.expect(PublishPacket.class);
      assertThat(will.topic()).isEqualTo("wills/mortal");
      assertThat(text(will)).isEqualTo("bye");
    }
  }

  @Test
  void onConnectedAndOnErrorListenersAreCalled() throws Exception {
    try (TestBroker broker = TestBroker.start()) {
      CompletableFuture<String> connected = new CompletableFuture<>();
      CompletableFuture<Throwable> error = new CompletableFuture<>();
      broker.aedes().onClient(c -> {
        c.onConnected(() -> connected.complete(c.id()));
        c.onError(error::complete);
      });
      broker.aedes().authorizeSubscribe((c, s) ->
          CompletableFuture.failedFuture(new SecurityException("no subscriptions")));
      try (RawClient raw = RawClient.connected(broker, "listened", true)) {
        assertThat(connected.get(5, TimeUnit.SECONDS)).isEqualTo("listened");
        raw.conn().subscribe(new SubscribePacket(1, List.of(new Subscription("a", 0))));
        assertThat(error.get(5, TimeUnit.SECONDS)).isInstanceOf(SecurityException.class);
        raw.awaitClosed();
      }
    }
  }

  @Test
  void stateFlagsFollowAedesAtEachStep() throws Exception {
    try (TestBroker broker = TestBroker.start()) {
      Aedes aedes = broker.aedes();
      Map<String, String> seen = new ConcurrentHashMap<>();
      aedes.authenticate((c, u, p) -> {
        seen.put("authenticate", flags(c));
        return CompletableFuture.completedFuture(true);
      });
      aedes.onClient(c -> seen.put("client", flags(c)));
      aedes.onConnackSent((p, c) -> seen.put("connackSent", flags(c)));
      aedes.onClientReady(c -> seen.put("clientReady", flags(c)));
      aedes.onClientDisconnect(c -> seen.put("clientDisconnect", flags(c)));
      ConnectPacket persistent = ConnectPacket.of(ProtocolVersion.MQTT_3_1_1, "flags", false, 0);
      try (RawClient raw = RawClient.connected(broker, persistent)) {
        await().until(() -> seen.containsKey("clientReady"));
      }
      await().until(() -> seen.containsKey("clientDisconnect"));
      // id, clean, connecting, connected, closed
      assertThat(seen).containsEntry("authenticate", "flags false connecting")
          .containsEntry("client", "flags false connecting")
          .containsEntry("connackSent", "flags false connecting")
          .containsEntry("clientReady", "flags false connected")
          .containsEntry("clientDisconnect", "flags false closed");
    }
  }

  private static String flags(Client c) {
    return c.id() + " " + c.clean() + (c.connecting() ? " connecting" : "")
        + (c.connected() ? " connected" : "") + (c.closed() ? " closed" : "");
  }

  /** The broker's Client for {@code clientId}, once it is connected. */
  static Client connected(TestBroker broker, String clientId) {
    return await().until(() -> broker.aedes().sessions.connected(clientId),
        java.util.Objects::nonNull);
  }
}
