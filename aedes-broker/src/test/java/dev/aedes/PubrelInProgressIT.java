package dev.aedes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.aedes.memory.MemoryPersistence;
import dev.aedes.packet.PubcompPacket;
import dev.aedes.packet.PublishPacket;
import dev.aedes.packet.PubrecPacket;
import dev.aedes.packet.PubrelPacket;
import dev.aedes.packet.Subscription;
import dev.aedes.spi.Persistence;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A PUBREL re-sent on a new connection while the first one's release is still being stored
 * (issue 7): the broker waits for that release and answers PUBCOMP, it does not route the
 * message a second time.
 */
class PubrelInProgressIT {
  private final List<String> disconnected = new CopyOnWriteArrayList<>();
  private final AtomicInteger appendsForOffline = new AtomicInteger();
  private final CompletableFuture<Void> storeAnswers = new CompletableFuture<>();

  /** A memory store whose appends to "offline" answer only once {@link #storeAnswers}. */
  private Persistence slowStore() {
    Persistence store = new MemoryPersistence();
    return (Persistence) Proxy.newProxyInstance(Persistence.class.getClassLoader(),
        new Class<?>[] {Persistence.class}, (proxy, method, args) -> {
          Object result;
          try {
            result = method.invoke(store, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
          if (method.getName().equals("outgoingEnqueue") && "offline".equals(args[0])) {
            appendsForOffline.incrementAndGet();
            return storeAnswers.thenCompose(v -> (CompletableFuture<?>) result);
          }
          return result;
        });
  }

  private static PublishPacket qos2(String payload, int messageId) {
    return new PublishPacket(false, 2, false, "q2/" + payload, messageId,
        payload.getBytes(StandardCharsets.UTF_8), null);
  }

  @Test
  @DisplayName("[MQTT-4.3.3-10] a PUBREL re-sent while the first is still routed routes nothing "
      + "again and is answered with PUBCOMP")
  void pubrelResentDuringTheReleaseIsNotRoutedTwice() throws Exception {
    try (TestBroker broker = TestBroker.start(new AedesOptions().persistence(slowStore()))) {
      broker.aedes().onClientDisconnect(client -> disconnected.add(client.id()));
      try (RawClient offline = RawClient.connected(broker, "offline", false)) {
        offline.subscribe(1, new Subscription("q2/#", 2));
        offline.destroy();
      }
      await().until(() -> disconnected.contains("offline"));
      try (RawClient publisher = RawClient.connected(broker, "publisher", false)) {
        publisher.send(qos2("once", 7));
        publisher.expect(PubrecPacket.class);
        publisher.send(new PubrelPacket(7));
        await().until(() -> appendsForOffline.get() == 1); // routed, not yet stored
        try (RawClient again = RawClient.connected(broker, "publisher", false)) {
          again.send(new PubrelPacket(7)); // as after a lost connection ([MQTT-4.4.0-1])
          assertThat(again.poll(200)).as("no PUBCOMP before the release is stored").isNull();
          storeAnswers.complete(null);
          assertThat(again.expect(PubcompPacket.class).messageId()).isEqualTo(7);
        }
      }
      assertThat(appendsForOffline).as("appends for the offline session").hasValue(1);
      broker.aedes().publish(qos2("marker", 0)).toCompletableFuture().get(5, TimeUnit.SECONDS);
      try (RawClient offline = RawClient.connected(broker, "offline", false)) {
        assertThat(new String(offline.expect(PublishPacket.class).payload(),
            StandardCharsets.UTF_8)).isEqualTo("once");
        assertThat(new String(offline.expect(PublishPacket.class).payload(),
            StandardCharsets.UTF_8)).as("no second copy before the marker").isEqualTo("marker");
      }
    }
  }
}
