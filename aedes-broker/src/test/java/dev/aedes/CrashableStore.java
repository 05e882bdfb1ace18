package dev.aedes;

import dev.aedes.packet.PublishPacket;
import dev.aedes.spi.CopyJournal;
import dev.aedes.spi.Persistence;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A broker's view of a shared store that dies with it: after {@link #crash} every write of that
 * broker is dropped, as if its process had been killed, while the store keeps what was written
 * before, for the next broker to start on. Reads still answer. Its journal of copies sent, if
 * it keeps one, takes no record, acknowledgement or queue write after the crash either.
 */
final class CrashableStore {
  private static final Set<String> WRITES = Set.of("storeRetained", "addSubscriptions",
      "putSessionExpiry", "removeSubscriptions", "cleanSubscriptions", "outgoingEnqueue",
      "outgoingUpdate", "outgoingClearMessageId", "incomingStorePacket", "incomingDelPacket",
      "putWill", "putWillDue", "delWill", "delWillIfDue", "delWillIfStored", "destroy");
  private volatile boolean crashed;
  final Persistence persistence;

  CrashableStore(Persistence store) {
    CopyJournal journal = crashable(store.copyJournal());
    this.persistence = (Persistence) Proxy.newProxyInstance(
        Persistence.class.getClassLoader(), new Class<?>[] {Persistence.class},
        (proxy, method, args) -> {
          if (method.getName().equals("copyJournal")) {
            return journal;
          }
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

  private CopyJournal crashable(CopyJournal journal) {
    return journal == null ? null : new CopyJournal() {
      @Override
      public Entry record(String clientId, PublishPacket copy) {
        return crashed ? null : journal.record(clientId, copy);
      }

      @Override
      public void acknowledged(Entry entry) {
        if (!crashed) {
          journal.acknowledged(entry);
        }
      }

      @Override
      public CompletionStage<Void> enqueue(String clientId, PublishPacket copy, Entry entry) {
        return crashed ? CompletableFuture.completedFuture(null)
            : journal.enqueue(clientId, copy, entry);
      }
    };
  }

  /** From now on the broker's writes are lost. */
  void crash() {
    crashed = true;
  }
}
