package dev.aedes;

import static dev.aedes.PublishHooksIT.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.aedes.packet.ConnectPacket;
import dev.aedes.packet.DisconnectPacket;
import dev.aedes.packet.ProtocolVersion;
import dev.aedes.packet.PublishPacket;
import dev.aedes.packet.SubackPacket;
import dev.aedes.packet.SubscribePacket;
import dev.aedes.packet.Subscription;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** authorizeSubscribe (negate, rewrite, session restore) and authorizeForward (skip, rewrite). */
class SubscribeHooksIT {
  @Test
  void negatedSubscriptionGets128AndNoDelivery() throws Exception {
    try (TestBroker broker = TestBroker.start()) {
      broker.aedes().authorizeSubscribe((c, sub) ->
          CompletableFuture.completedFuture(sub.topic().equals("secret/#") ? null : sub));
      try (RawClient raw = RawClient.connected(broker, "negated", true)) {
        raw.conn().subscribe(new SubscribePacket(3, List.of(new Subscription("secret/#", 1),
            new Subscription("public/#", 1))));
        assertThat(raw.expect(SubackPacket.class).granted()).containsExactly(128, 1);
        broker.aedes().publish(PublishPacket.of("secret/a", "hidden"), e -> { });
        broker.aedes().publish(PublishPacket.of("public/a", "shown"), e -> { });
        assertThat(raw.expect(PublishPacket.class).topic()).isEqualTo("public/a");
      }
    }
  }

  @Test
  void rewrittenSubscriptionIsGrantedAndDeliveredAsRewritten() throws Exception {
    try (TestBroker broker = TestBroker.start()) {
      broker.aedes().authorizeSubscribe((c, sub) -> CompletableFuture.completedFuture(
          sub.topic().equals("asked") ? new Subscription("given", 0) : sub));
      try (RawClient raw = RawClient.connected(broker, "rewritten", true)) {
        raw.conn().subscribe(new SubscribePacket(4, List.of(new Subscription("asked", 2))));
        assertThat(raw.expect(SubackPacket.class).granted()).containsExactly(0);
        broker.aedes().publish(new PublishPacket("asked", null, 1, 1, false), e -> { });
        broker.aedes().publish(new PublishPacket("given", null, 1, 2, false), e -> { });
        PublishPacket received = raw.expect(PublishPacket.class);
        assertThat(received.topic()).isEqualTo("given");
        assertThat(received.qos()).isZero(); // downgraded to the rewritten QoS
      }
    }
  }

  @Test
  void restoredPersistentSessionIsAuthorizedAgain() throws Exception {
    try (TestBroker broker = TestBroker.start()) {
      AtomicBoolean refuseA = new AtomicBoolean();
      List<String> asked = new CopyOnWriteArrayList<>();
      broker.aedes().authorizeSubscribe((c, sub) -> {
        asked.add(sub.topic());
        return CompletableFuture.completedFuture(
            refuseA.get() && sub.topic().equals("a/#") ? null : sub);
      });
      List<String> gone = new CopyOnWriteArrayList<>();
      broker.aedes().onClientDisconnect(c -> gone.add(c.id()));
      ConnectPacket persistent = ConnectPacket.of(ProtocolVersion.MQTT_3_1_1, "keeper", false, 0);
      try (RawClient first = RawClient.connected(broker, persistent)) {
        first.conn().subscribe(new SubscribePacket(1, List.of(new Subscription("a/#", 1),
            new Subscription("b/#", 1))));
        assertThat(first.expect(SubackPacket.class).granted()).containsExactly(1, 1);
        first.conn().disconnect(new DisconnectPacket(0));
        first.awaitClosed();
      }
      await().until(() -> gone.contains("keeper"));
      refuseA.set(true);
      asked.clear();
      try (RawClient second = RawClient.connected(broker, persistent)) {
        assertThat(second.connack().sessionPresent()).isTrue();
        assertThat(asked).containsExactlyInAnyOrder("a/#", "b/#");
        broker.aedes().publish(new PublishPacket("a/1", null, 1, 1, false), e -> { });
        broker.aedes().publish(new PublishPacket("b/1", null, 1, 2, false), e -> { });
        assertThat(second.expect(PublishPacket.class).topic()).isEqualTo("b/1");
      }
    }
  }

  @Test
  void authorizeForwardReturningNullSkipsThatClientAlone() throws Exception {
    try (TestBroker broker = TestBroker.start()) {
      broker.aedes().authorizeForward((c, p) ->
          c.id().equals("skipped") && p.topic().equals("t/1") ? null : p);
      try (RawClient skipped = PublishHooksIT.subscribed(broker, "skipped", "t/#");
          RawClient other = PublishHooksIT.subscribed(broker, "other", "t/#")) {
        broker.aedes().publish(PublishPacket.of("t/1", "one"), e -> { });
        broker.aedes().publish(PublishPacket.of("t/2", "two"), e -> { });
        assertThat(other.expect(PublishPacket.class).topic()).isEqualTo("t/1");
        assertThat(other.expect(PublishPacket.class).topic()).isEqualTo("t/2");
        assertThat(skipped.expect(PublishPacket.class).topic()).isEqualTo("t/2");
      }
    }
  }

  @Test
  void authorizeForwardRewriteReachesThatClient() throws Exception {
    try (TestBroker broker = TestBroker.start()) {
      broker.aedes().authorizeForward((c, p) -> c.id().equals("censored")
          ? new PublishPacket(p.topic(), "***".getBytes(StandardCharsets.UTF_8), p.qos(),
              p.messageId(), p.retain())
          : p);
      try (RawClient censored = PublishHooksIT.subscribed(broker, "censored", "news");
          RawClient plain = PublishHooksIT.subscribed(broker, "plain", "news")) {
        broker.aedes().publish(PublishPacket.of("news", "scoop"), e -> { });
        assertThat(text(censored.expect(PublishPacket.class))).isEqualTo("***");
        assertThat(text(plain.expect(PublishPacket.class))).isEqualTo("scoop");
      }
    }
  }
}
