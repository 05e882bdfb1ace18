package dev.aedes;

import dev.aedes.memory.MemoryPersistence;
import dev.aedes.spi.Persistence;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;

/**
 * A {@link MemoryPersistence} whose next will deletion ({@code delWill...}), once
 * {@link #holding} is set, waits for {@link #held}: as a slow store, or a thread losing the
 * CPU, would delay it. {@link #asked} completes when that deletion is asked for.
 */
final class HeldWillDeletion {
  final MemoryPersistence memory = new MemoryPersistence();
  /** While set, the next deletion of a will waits for {@link #held}. */
  final AtomicBoolean holding = new AtomicBoolean();
  final CompletableFuture<Void> held = new CompletableFuture<>();
  final CompletableFuture<Void> asked = new CompletableFuture<>();
  final Persistence persistence;

  HeldWillDeletion() {
    this((method, args) -> null);
  }

  /** @param first answers a call before anything else when it returns non-null */
  HeldWillDeletion(BiFunction<Method, Object[], Object> first) {
    persistence = (Persistence) Proxy.newProxyInstance(
        Persistence.class.getClassLoader(), new Class<?>[] {Persistence.class},
        (proxy, method, args) -> {
          Object answer = first.apply(method, args);
          if (answer != null) {
            return answer;
          }
          if (method.getName().startsWith("delWill") && holding.getAndSet(false)) {
            asked.complete(null);
            return held.thenCompose(v -> {
              try {
                return (CompletableFuture<?>) method.invoke(memory, args);
              } catch (ReflectiveOperationException e) {
                return CompletableFuture.failedFuture(e);
              }
            });
          }
          try {
            return method.invoke(memory, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }
}
