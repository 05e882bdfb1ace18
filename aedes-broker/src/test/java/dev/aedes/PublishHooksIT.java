package dev.aedes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.aedes.packet.PingreqPacket;
import dev.aedes.packet.PingrespPacket;
import dev.aedes.packet.PublishPacket;
import dev.aedes.packet.SubackPacket;
import dev.aedes.packet.SubscribePacket;
import dev.aedes.packet.Subscription;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** authorizePublish and published: refusal, the $SYS default, rewriting, backpressure. */
class PublishHooksIT {
  @Test
  void refusedPublishClosesThePublisherAndIsNotDelivered() throws Exception {
    try (TestBroker broker = TestBroker.start()) {
      broker.aedes().authorizePublish((c, p) -> p.topic().equals("forbidden")
          ? CompletableFuture.failedFuture(new SecurityException("no"))
          : CompletableFuture.completedFuture(p));
      List<Throwable> errors = new CopyOnWriteArrayList<>();
      broker.aedes().onClientError((c, e) -> errors.add(e));
      try (RawClient subscriber = subscribed(broker, "sub", "#");
          RawClient publisher = RawClient.connected(broker, "pub", true)) {
        publisher.conn().publish(PublishPacket.of("forbidden", "secret"));
        publisher.awaitClosed(); // no PUBACK, no word ([MQTT-3.3.5-2])
        broker.aedes().publish(PublishPacket.of("allowed", "after"), e -> { });
        assertThat(subscriber.expect(PublishPacket.class).topic()).isEqualTo("allowed");
      }
      assertThat(errors).singleElement().isInstanceOf(SecurityException.class);
    }
  }

  @Test
  void defaultAuthorizePublishRefusesSysTopicsFromClients() throws Exception {
    try (TestBroker broker = TestBroker.start()) {
      try (RawClient subscriber = subscribed(broker, "sys-sub", "$SYS/x");
          RawClient publisher = RawClient.connected(broker, "sys-pub", true)) {
        publisher.conn().publish(PublishPacket.of("$SYS/x", "forged"));
        publisher.awaitClosed();
        broker.aedes().publish(PublishPacket.of("$SYS/x", "genuine"), e -> { });
        PublishPacket received = subscriber.expect(PublishPacket.class);
        assertThat(text(received)).isEqualTo("genuine");
      }
    }
  }

  @Test
  void rewrittenPublishReachesSubscribersRewritten() throws Exception {
    try (TestBroker broker = TestBroker.start()) {
      broker.aedes().authorizePublish((c, p) -> CompletableFuture.completedFuture(
          new PublishPacket("rewritten/" + p.topic(),
              ("[" + text(p) + "]").getBytes(StandardCharsets.UTF_8), p.qos(), p.messageId(),
              p.retain())));
      try (RawClient subscriber = subscribed(broker, "rw-sub", "rewritten/#");
          PahoClient publisher = PahoClient.connect(broker, "rw-pub")) {
        publisher.publish("t", "hello", 1);
        PublishPacket received = subscriber.expect(PublishPacket.class);
        assertThat(received.topic()).isEqualTo("rewritten/t");
        assertThat(text(received)).isEqualTo("[hello]");
      }
    }
  }

  @Test
  void publishedHookHoldsThePublishersNextPacketUntilItCompletes() throws Exception {
    try (TestBroker broker = TestBroker.start()) {
      Queue<String> order = new ConcurrentLinkedQueue<>();
      CompletableFuture<Void> release = new CompletableFuture<>();
      CountDownLatch firstPublished = new CountDownLatch(1);
      broker.aedes().authorizePublish((c, p) -> {
        order.add("authorize:" + p.topic());
        return CompletableFuture.completedFuture(p);
      });
      broker.aedes().published((p, c) -> {
        if (c == null) {
          return CompletableFuture.completedFuture(null); // $SYS messages
        }
        order.add("published:" + p.topic());
        if (p.topic().equals("m1")) {
          firstPublished.countDown();
          return release;
        }
        return CompletableFuture.completedFuture(null);
      });
      try (RawClient publisher = RawClient.connected(broker, "slow-pub", true)) {
        publisher.conn().publish(PublishPacket.of("m1", "1"));
        publisher.conn().publish(PublishPacket.of("m2", "2"));
        publisher.conn().pingreq(PingreqPacket.INSTANCE);
        assertThat(firstPublished.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(publisher.poll(300)).as("PINGRESP waits for m1's published hook").isNull();
        order.add("released");
        release.complete(null);
        publisher.expect(PingrespPacket.class);
        await().until(() -> order.contains("published:m2"));
        assertThat(order).containsExactly("authorize:m1", "published:m1", "released",
            "authorize:m2", "published:m2");
      }
    }
  }

  static RawClient subscribed(TestBroker broker, String clientId, String filter)
      throws Exception {
    RawClient client = RawClient.connected(broker, clientId, true);
    client.conn().subscribe(new SubscribePacket(1, List.of(new Subscription(filter, 1))));
    client.expect(SubackPacket.class);
    return client;
  }

  static String text(PublishPacket packet) {
    return new String(packet.payload(), StandardCharsets.UTF_8);
  }
}
