package dev.aedes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.aedes.memory.MemoryPersistence;
import dev.aedes.spi.Persistence;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A QoS 1 PUBACK of a persistent session does not hold up the client's next packet until the
 * store has cleared the message (with a durable store: one fsync per PUBACK); the clear is
 * still made.
 */
class PubackStoreClearIT {
  @Test
  void nextPubackIsHandledWhileTheStoresClearOfTheFirstIsPending() throws Exception {
    MemoryPersistence memory = new MemoryPersistence();
    List<CompletableFuture<Void>> heldClears = new CopyOnWriteArrayList<>();
    Persistence slowClears = (Persistence) Proxy.newProxyInstance(
        Persistence.class.getClassLoader(), new Class<?>[] {Persistence.class},
        (proxy, method, args) -> {
          if (method.getName().equals("outgoingClearMessageId")) {
            CompletableFuture<Void> clear = new CompletableFuture<>();
            heldClears.add(clear);
            return clear.thenCompose(v -> memory.outgoingClearMessageId((String) args[0],
                (Integer) args[1]));
          }
          try {
            return method.invoke(memory, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
    try (TestBroker broker = TestBroker.start(new AedesOptions().persistence(slowClears))) {
      AtomicInteger acks = new AtomicInteger();
      broker.aedes().onAck((packet, client) -> acks.incrementAndGet());
      try (PahoClient sub = PahoClient.connect(broker, "sub", false);
           PahoClient pub = PahoClient.connect(broker, "pub", true)) {
        sub.subscribe("slow/#", 1);
        pub.publish("slow/1", "one", 1, false);
        pub.publish("slow/2", "two", 1, false);
        sub.next();
        sub.next();

        // both PUBACKs handled although neither clear has completed
        await().until(() -> acks.get() == 2);
        assertThat(heldClears).hasSize(2).allMatch(clear -> !clear.isDone());

        heldClears.forEach(clear -> clear.complete(null));
        await().until(() -> memory.outgoingStream("sub").toCompletableFuture().join().isEmpty());
      }
    }
  }
}
