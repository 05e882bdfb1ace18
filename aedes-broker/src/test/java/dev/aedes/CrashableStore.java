package dev.aedes;

import dev.aedes.spi.Persistence;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * A broker's view of a shared store that dies with it: after {@link #crash} every write of that
 * broker is dropped, as if its process had been killed, while the store keeps what was written
 * before, for the next broker to start on. Reads still answer.
 */
final class CrashableStore {
  private static final Set<String> WRITES = Set.of("storeRetained", "addSubscriptions",
      "putSessionExpiry", "removeSubscriptions", "cleanSubscriptions", "outgoingEnqueue",
      "outgoingUpdate", "outgoingClearMessageId", "incomingStorePacket", "incomingDelPacket",
      "putWill", "putWillDue", "delWill", "delWillIfDue", "delWillIfStored", "destroy");
  private volatile boolean crashed;
  final Persistence persistence;

  CrashableStore(Persistence store) {
    this.persistence = (Persistence) Proxy.newProxyInstance(
        Persistence.class.getClassLoader(), new Class<?>[] {Persistence.class},
        (proxy, method, args) -> {
          if (crashed && WRITES.contains(method.getName())) {
            return CompletableFuture.completedFuture(null);
          }
          try {
            return method.invoke(store, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }

  /** From now on the broker's writes are lost. */
  void crash() {
    crashed = true;
  }
}
