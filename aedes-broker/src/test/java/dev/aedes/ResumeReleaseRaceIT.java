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
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A released QoS 2 message whose copy the router appends to a persistent session's queue while
 * that session resumes: the resume's read of the queue may already hold the copy without a
 * message id. It is sent once, not once from the read and once from the router's hand-off under
 * two ids (exactly once, [MQTT-4.3.3]).
 */
class ResumeReleaseRaceIT {
  /**
   * Holds the subscriber's queue read until the test releases it, answering with the queue as it
   * was right after the router's append (before the message took its id).
   */
  private static final class HeldResumeRead {
    final MemoryPersistence memory = new MemoryPersistence();
    final CompletableFuture<Void> readAsked = new CompletableFuture<>();
    final CompletableFuture<Void> release = new CompletableFuture<>();
    final AtomicReference<List<PublishPacket>> afterAppend = new AtomicReference<>();
    volatile boolean holding;
    final Persistence persistence = (Persistence) Proxy.newProxyInstance(
        Persistence.class.getClassLoader(), new Class<?>[] {Persistence.class},
        (proxy, method, args) -> {
          if (holding && method.getName().equals("outgoingStream") && "sub".equals(args[0])) {
            readAsked.complete(null);
            return release.thenApply(v -> afterAppend.get());
          }
          Object result = invoke(method, args);
          if (holding && method.getName().equals("outgoingEnqueue") && "sub".equals(args[0])) {
            afterAppend.set(memory.outgoingStream("sub").toCompletableFuture().join());
          }
          return result;
        });

    private Object invoke(Method method, Object[] args) throws Throwable {
      try {
        return method.invoke(memory, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    }
  }

  /**
   * "sub" (persistent, QoS 2 on t) away with {@code queuedBefore} messages waiting; it comes back
   * while a QoS 2 message is released to it during its resume's read; returns what it receives.
   */
  private static List<String> releaseDuringResume(int queuedBefore) throws Exception {
    HeldResumeRead store = new HeldResumeRead();
    List<String> received = new ArrayList<>();
    try (TestBroker broker = TestBroker.start(new AedesOptions().persistence(store.persistence))) {
      try (RawClient sub = RawClient.connected(broker, "sub", false)) {
        sub.subscribe(1, new Subscription("t", 2));
      }
      await().until(() -> broker.aedes().connectedClients() == 0);
      for (int i = 1; i <= queuedBefore; i++) {
        broker.aedes().publish(new PublishPacket("t", ("before " + i).getBytes(), 1, 0, false))
            .toCompletableFuture().get(5, TimeUnit.SECONDS);
      }
      try (RawClient pub = RawClient.connected(broker, "pub", true)) {
        pub.send(new PublishPacket("t", "released".getBytes(), 2, 7, false));
        pub.expect(PubrecPacket.class);
        store.holding = true;

        try (RawClient sub = RawClient.connected(broker, "sub", false)) {
          store.readAsked.get(5, TimeUnit.SECONDS);
          pub.send(new PubrelPacket(7)); // routed while the resume waits for its read
          await().until(() -> store.afterAppend.get() != null);
          store.release.complete(null);
          pub.expect(PubcompPacket.class);

          for (int i = 0; i <= queuedBefore; i++) {
            PublishPacket next = sub.expect(PublishPacket.class);
            received.add(new String(next.payload()));
          }
          assertThat(sub.poll(500)).as("sent a second time under another id").isNull();
        }
      }
    }
    return received;
  }

  @Test
  void releasedMessageArrivingDuringTheResumeIsSentOnce() throws Exception {
    assertThat(releaseDuringResume(0)).containsExactly("released");
  }

  @Test
  void releasedMessageArrivingDuringTheResumeKeepsItsPlaceBehindTheQueue() throws Exception {
    assertThat(releaseDuringResume(2)).containsExactly("before 1", "before 2", "released");
  }
}
