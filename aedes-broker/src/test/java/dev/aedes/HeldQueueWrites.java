package dev.aedes;

import dev.aedes.memory.MemoryPersistence;
import dev.aedes.packet.PublishPacket;
import dev.aedes.spi.Persistence;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@link MemoryPersistence} whose outgoing queue writes ({@code outgoingEnqueue}) complete
 * only when the test says so, like a slow disk: {@link #release} stores them, {@link #fail}
 * fails them.
 */
final class HeldQueueWrites {
  final MemoryPersistence memory = new MemoryPersistence();
  final List<CompletableFuture<Void>> held = new CopyOnWriteArrayList<>();
  final Persistence persistence = (Persistence) Proxy.newProxyInstance(
      Persistence.class.getClassLoader(), new Class<?>[] {Persistence.class},
      (proxy, method, args) -> {
        if (method.getName().equals("outgoingEnqueue")) {
          CompletableFuture<Void> write = new CompletableFuture<>();
          held.add(write);
          return write.thenCompose(v -> memory.outgoingEnqueue((String) args[0],
              (PublishPacket) args[1]));
        }
        try {
          return method.invoke(memory, args);
        } catch (InvocationTargetException e) {
          throw e.getCause();
        }
      });

  void release() {
    held.forEach(write -> write.complete(null));
  }

  void fail() {
    held.forEach(write -> write.completeExceptionally(new IllegalStateException("disk full")));
  }
}
