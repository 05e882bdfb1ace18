package dev.aedes;

import static dev.aedes.PublishHooksIT.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.aedes.packet.PublishPacket;
import dev.aedes.spi.MQEmitter;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.junit.jupiter.api.Test;

/** The broker's own methods: publish, subscribe/unsubscribe, close, connectedClients, $SYS. */
class BrokerMethodsIT {
  @Test
  void publishDeliversAndBypassesAuthorizePublish() throws Exception {
    try (TestBroker broker = TestBroker.start()) {
      List<String> asked = new CopyOnWriteArrayList<>();
      broker.aedes().authorizePublish((c, p) -> {
        asked.add(p.topic());
        return CompletableFuture.failedFuture(new SecurityException("nobody may publish"));
      });
      try (RawClient subscriber = PublishHooksIT.subscribed(broker, "sys-custom", "$SYS/custom")) {
        CompletableFuture<Throwable> done = new CompletableFuture<>();
        broker.aedes().publish(PublishPacket.of("$SYS/custom", "by the broker"), done::complete);
        assertThat(done.get(5, TimeUnit.SECONDS)).isNull();
        assertThat(text(subscriber.expect(PublishPacket.class))).isEqualTo("by the broker");
      }
      assertThat(asked).isEmpty();
    }
  }

  @Test
  void subscribeKeysOnTopicAndListener() throws Exception {
    try (TestBroker broker = TestBroker.start()) {
      Aedes aedes = broker.aedes();
      List<String> first = new CopyOnWriteArrayList<>();
      List<String> second = new CopyOnWriteArrayList<>();
      MQEmitter.Listener one = (p, done) -> {
        first.add(text(p));
        done.run();
      };
      MQEmitter.Listener two = (p, done) -> {
        second.add(text(p));
        done.run();
      };
      aedes.subscribe("shared", one).toCompletableFuture().get(5, TimeUnit.SECONDS);
      aedes.subscribe("shared", two).toCompletableFuture().get(5, TimeUnit.SECONDS);
      aedes.publish(PublishPacket.of("shared", "both"), e -> { });
      await().until(() -> first.size() == 1 && second.size() == 1);
      aedes.unsubscribe("shared", one).toCompletableFuture().get(5, TimeUnit.SECONDS);
      aedes.publish(PublishPacket.of("shared", "second only"), e -> { });
      await().until(() -> second.size() == 2);
      assertThat(first).containsExactly("both");
      assertThat(second).containsExactly("both", "second only");
    }
  }

  @Test
  void closeDisconnectsEveryClientAndEmitsClosed() throws Exception {
    try (TestBroker broker = TestBroker.start();
        PahoClient a = PahoClient.connect(broker, "close-a");
        PahoClient b = PahoClient.connect(broker, "close-b")) {
      CountDownLatch lost = new CountDownLatch(2);
      for (PahoClient paho : List.of(a, b)) {
        paho.client().setCallback(new LostCounter(lost));
      }
      List<String> events = new CopyOnWriteArrayList<>();
      broker.aedes().onClientDisconnect(c -> events.add("clientDisconnect:" + c.id()));
      broker.aedes().onClosed(() -> events.add("closed"));
      CountDownLatch done = new CountDownLatch(1);
      broker.aedes().close(done::countDown);
      assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
      assertThat(lost.await(5, TimeUnit.SECONDS)).isTrue();
      assertThat(events).containsExactlyInAnyOrder("clientDisconnect:close-a",
          "clientDisconnect:close-b", "closed");
      assertThat(events.get(2)).isEqualTo("closed");
      assertThat(broker.aedes().connectedClients()).isZero();
    }
  }

  @Test
  void connectedClientsCounts() throws Exception {
    try (TestBroker broker = TestBroker.start()) {
      Aedes aedes = broker.aedes();
      assertThat(aedes.connectedClients()).isZero();
      try (PahoClient a = PahoClient.connect(broker, "count-a")) {
        try (PahoClient b = PahoClient.connect(broker, "count-b")) {
          assertThat(aedes.connectedClients()).isEqualTo(2);
        }
        await().until(() -> aedes.connectedClients() == 1);
      }
      await().until(() -> aedes.connectedClients() == 0);
    }
  }

  @Test
  void heartbeatIsPublishedUnderTheBrokerId() throws Exception {
    AedesOptions options = new AedesOptions().id("beating").heartbeatInterval(200);
    try (TestBroker broker = TestBroker.start(options);
        RawClient subscriber = PublishHooksIT.subscribed(broker, "monitor", "$SYS/#")) {
      assertThat(broker.aedes().id()).isEqualTo("beating");
      PublishPacket beat = nextOn(subscriber, "$SYS/beating/heartbeat");
      assertThat(text(beat)).isEqualTo("beating");
    }
  }

  @Test
  void sysTopicsAnnounceClientsSubscribersAndUnsubscribers() throws Exception {
    try (TestBroker broker = TestBroker.start(new AedesOptions().id("sys"));
        RawClient monitor = PublishHooksIT.subscribed(broker, "monitor", "$SYS/#")) {
      PahoClient paho = PahoClient.connect(broker, "newbie");
      assertThat(text(nextOn(monitor, "$SYS/sys/new/clients"))).isEqualTo("newbie");
      paho.client().subscribe("news/#", 1);
      assertThat(text(nextOn(monitor, "$SYS/sys/new/subscribers")))
          .isEqualTo("{\"clientId\":\"newbie\",\"subs\":[{\"topic\":\"news/#\",\"qos\":1}]}");
      paho.client().unsubscribe("news/#");
      assertThat(text(nextOn(monitor, "$SYS/sys/new/unsubscribers")))
          .isEqualTo("{\"clientId\":\"newbie\",\"subs\":[\"news/#\"]}");
      paho.client().disconnect();
      paho.close();
      assertThat(text(nextOn(monitor, "$SYS/sys/disconnect/clients"))).isEqualTo("newbie");
    }
  }

  /** The next message on {@code topic}, skipping at most ten others. */
  static PublishPacket nextOn(RawClient client, String topic) throws InterruptedException {
    for (int i = 0; i < 10; i++) {
      PublishPacket packet = client.expect(PublishPacket.class);
      if (packet.qos() > 0) {
        client.conn().puback(new dev.aedes.packet.PubackPacket(packet.messageId()));
      }
      if (packet.topic().equals(topic)) {
        return packet;
      }
    }
    throw new AssertionError("nothing on " + topic);
  }

  private record LostCounter(CountDownLatch lost) implements MqttCallback {
    @Override
    public void connectionLost(Throwable cause) {
      lost.countDown();
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) {
    }

    @Override
    public void deliveryComplete(IMqttDeliveryToken token) {
    }
  }
}
