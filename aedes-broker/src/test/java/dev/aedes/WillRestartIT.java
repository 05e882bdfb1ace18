package dev.aedes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import dev.aedes.memory.MemoryEmitter;
import dev.aedes.memory.MemoryPersistence;
import dev.aedes.packet.ConnectPacket;
import dev.aedes.packet.Properties;
import dev.aedes.packet.Will;
import dev.aedes.spi.Persistence;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Wills survive a broker crash (issue 7): a broker whose writes stop at once, as a killed
 * process's do, leaves its clients' wills in the shared store, and the next broker on that
 * store publishes them, or holds a delayed one until its Will Delay Interval passes.
 */
class WillRestartIT {
  private final MemoryPersistence store = new MemoryPersistence();
  private final TestClock clock = new TestClock();
  private final List<String> disconnected = new CopyOnWriteArrayList<>();

  private TestBroker start(CrashableStore crashable, AedesOptions options) throws Exception {
    TestBroker broker = TestBroker.start(options.persistence(crashable.persistence));
    broker.aedes().ready().toCompletableFuture().get(5, TimeUnit.SECONDS);
    broker.aedes().onClientDisconnect(client -> disconnected.add(client.id()));
    return broker;
  }

  private TestBroker start(AedesOptions options) throws Exception {
    return start(new CrashableStore(store), options);
  }

  /** Runs a broker until it "crashes" with {@code clients} connected: nothing more is written. */
  private void crashWith(AedesOptions options, ConnectPacket... clients) throws Exception {
    CrashableStore crashable = new CrashableStore(store);
    List<RawClient> connected = new CopyOnWriteArrayList<>();
    try (TestBroker first = start(crashable, options)) {
      for (ConnectPacket connect : clients) {
        RawClient client = RawClient.open(first);
        connected.add(client);
        assertThat(client.connect(connect).reasonCode()).isZero();
      }
      // the clients are still connected: the broker's close after the crash stores nothing
      crashable.crash();
    } finally {
      connected.forEach(RawClient::close);
    }
  }

  /**
   * An MQTT 5 client with a will delayed {@code willDelay} s drops its connection, then its
   * broker crashes.
   */
  private void dropWithDelayedWill(AedesOptions options, String clientId, long willDelay)
      throws Exception {
    CrashableStore crashable = new CrashableStore(store);
    try (TestBroker first = start(crashable, options); RawClient client = RawClient.open(first)) {
      assertThat(client.connect(withWill(5, clientId, false, willDelay)).reasonCode()).isZero();
      client.destroy();
      await().until(() -> disconnected.remove(clientId));
      crashable.crash(); // while the will waits
    }
  }

  private static ConnectPacket withWill(int version, String clientId, boolean retain,
      long willDelay) {
    Properties willProperties = version == 5
        ? Properties.builder().willDelayInterval(willDelay).build() : Properties.EMPTY;
    Will will = new Will("will/" + clientId, "gone".getBytes(StandardCharsets.UTF_8), 1, retain,
        willProperties);
    ConnectPacket connect = ConnectPacket.of(version, clientId, version == 4, 0).withWill(will);
    return version == 5
        ? connect.withProperties(Properties.builder().sessionExpiryInterval(300).build())
        : connect;
  }

  @Test
  @DisplayName("[MQTT-3.1.2-8] a will of a client connected when its broker crashed is published "
      + "by the broker restarted with the same id")
  void restartedBrokerPublishesTheWillsItsCrashLeft() throws Exception {
    crashWith(new AedesOptions().id("node-1"), withWill(4, "sensor", true, 0));
    assertThat(store.getWill("sensor").toCompletableFuture().join()).isNotNull();

    try (TestBroker second = start(new AedesOptions().id("node-1"));
         HiveClient observer = HiveClient.connect(second, "observer", true, 0)) {
      observer.subscribe("will/#", 1);
      Mqtt5Publish will = observer.next();
      assertThat(HiveClient.payload(will)).isEqualTo("gone");
      assertThat(will.isRetain()).as("published retained before anyone listened").isTrue();
      assertThat(store.getWill("sensor").toCompletableFuture().join()).isNull();
    }
  }

  @Test
  @DisplayName("[MQTT-3.1.2-8] wills of a broker that stopped sending heartbeats are published by "
      + "a broker sharing its store")
  void willsOfADeadBrokerArePublishedByTheSweep() throws Exception {
    crashWith(new AedesOptions(), withWill(4, "sensor", false, 0));

    try (TestBroker second = start(new AedesOptions().heartbeatInterval(50));
         HiveClient observer = HiveClient.connect(second, "observer", true, 0)) {
      observer.subscribe("will/#", 1);
      assertThat(HiveClient.payload(observer.next())).isEqualTo("gone");
      assertThat(store.getWill("sensor").toCompletableFuture().join()).isNull();
    }
  }

  @Test
  @DisplayName("[MQTT-3.1.2-8] the sweep publishes a dead broker's wills also from a store that "
      + "keeps the SPI's default streamStoredWills (no broker ids) but compares them on delete")
  void willsOfADeadBrokerArePublishedFromAStoreThatCannotStreamBrokerIds() throws Exception {
    crashWith(new AedesOptions(), withWill(4, "sensor", false, 0));
    Persistence defaultStream = (Persistence) Proxy.newProxyInstance(
        Persistence.class.getClassLoader(), new Class<?>[] {Persistence.class},
        (proxy, method, args) -> {
          if (method.getName().equals("streamStoredWills")) {
            return InvocationHandler.invokeDefault(proxy, method, args);
          }
          try {
            return method.invoke(store, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });

    try (TestBroker second = TestBroker.start(new AedesOptions().heartbeatInterval(50)
        .persistence(defaultStream));
         HiveClient observer = HiveClient.connect(second, "observer", true, 0)) {
      observer.subscribe("will/#", 1);
      assertThat(HiveClient.payload(observer.next())).isEqualTo("gone");
      assertThat(store.getWill("sensor").toCompletableFuture().join()).isNull();
    }
  }

  @Test
  @DisplayName("a live broker's wills stay stored while its heartbeats arrive")
  void willsOfALiveBrokerAreNotPublished() throws Exception {
    MemoryEmitter bus = new MemoryEmitter();
    try (TestBroker a = start(new AedesOptions().mq(bus).heartbeatInterval(50));
         TestBroker b = start(new AedesOptions().mq(bus).heartbeatInterval(50));
         RawClient client = RawClient.open(a)) {
      assertThat(client.connect(withWill(4, "sensor", false, 0)).reasonCode()).isZero();
      await().until(() -> b.aedes().willRecovery.heardFrom(a.aedes().id()));
      b.aedes().willRecovery.sweep().toCompletableFuture().get(5, TimeUnit.SECONDS);
      assertThat(store.getWill("sensor").toCompletableFuture().join()).isNotNull();
    }
  }

  @Test
  @DisplayName("[MQTT-3.1.2-8] a delayed will pending at a crash is published at its due time "
      + "after the restart")
  void delayedWillIsPublishedAtItsDueTimeAfterARestart() throws Exception {
    dropWithDelayedWill(new AedesOptions().id("node-1").clock(clock), "delayed", 30);
    assertThat(store.allWillDues().toCompletableFuture().join()).containsKey("delayed");

    try (TestBroker second = start(new AedesOptions().id("node-1").clock(clock));
         HiveClient observer = HiveClient.connect(second, "observer", true, 0)) {
      observer.subscribe("will/#", 1);
      clock.advance(Duration.ofSeconds(29));
      second.aedes().expire();
      second.publish("will/delayed", "marker");
      assertThat(HiveClient.payload(observer.next())).as("no will before 30 s").isEqualTo("marker");
      clock.advance(Duration.ofSeconds(2));
      second.aedes().expire();
      assertThat(HiveClient.payload(observer.next())).isEqualTo("gone");
    }
  }

  @Test
  @DisplayName("[MQTT-3.1.2-8] a delayed will of a dead broker waits for its due time")
  void delayedWillOfADeadBrokerWaitsForItsDueTime() throws Exception {
    dropWithDelayedWill(new AedesOptions().clock(clock), "delayed", 30);

    try (TestBroker second = start(new AedesOptions().clock(clock));
         HiveClient observer = HiveClient.connect(second, "observer", true, 0)) {
      observer.subscribe("will/#", 1);
      second.aedes().willRecovery.sweep().toCompletableFuture().get(5, TimeUnit.SECONDS);
      second.publish("will/delayed", "marker");
      assertThat(HiveClient.payload(observer.next())).as("held until due").isEqualTo("marker");
      clock.advance(Duration.ofSeconds(31));
      second.aedes().expire();
      assertThat(HiveClient.payload(observer.next())).isEqualTo("gone");
    }
  }

  @Test
  @DisplayName("[MQTT-3.1.3-9] a session resumed after the restart, before the delay passed, "
      + "cancels the stored will")
  void resumingAfterARestartCancelsTheDelayedWill() throws Exception {
    dropWithDelayedWill(new AedesOptions().id("node-1").clock(clock), "flaky", 30);

    try (TestBroker second = start(new AedesOptions().id("node-1").clock(clock));
         HiveClient observer = HiveClient.connect(second, "observer", true, 0);
         HiveClient back = HiveClient.create(second, "flaky")) {
      observer.subscribe("will/#", 1);
      back.connect(false, 300);
      clock.advance(Duration.ofSeconds(60));
      second.aedes().expire();
      second.publish("will/flaky", "marker");
      assertThat(HiveClient.payload(observer.next())).as("the will was cancelled").isEqualTo("marker");
      assertThat(store.getWill("flaky").toCompletableFuture().join()).isNull();
    }
  }

  @Test
  @DisplayName("[MQTT-3.1.2-4] Clean Start after the restart ends the session: the delayed will "
      + "goes out at once")
  void cleanStartAfterARestartPublishesTheDelayedWill() throws Exception {
    dropWithDelayedWill(new AedesOptions().id("node-1").clock(clock), "renewed", 300);

    try (TestBroker second = start(new AedesOptions().id("node-1").clock(clock));
         HiveClient observer = HiveClient.connect(second, "observer", true, 0);
         HiveClient fresh = HiveClient.create(second, "renewed")) {
      observer.subscribe("will/#", 1);
      fresh.connect(true, 300);
      assertThat(HiveClient.payload(observer.next())).isEqualTo("gone");
    }
  }
}
