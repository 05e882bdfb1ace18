package dev.aedes.connection;

import dev.aedes.packet.Packet;
import dev.aedes.packet.PacketType;
import java.nio.channels.ClosedChannelException;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The listeners of one connection and the one place events reach them: packets (the catch-all
 * listeners first, then the typed ones), errors, drain and close (once). A listener that throws
 * is reported to the error listeners, so one bad listener cannot stop the reader.
 */
final class Listeners {
  private final List<Consumer<Packet>> packetListeners = new CopyOnWriteArrayList<>();
  private final Map<PacketType, List<Consumer<Packet>>> typed = new EnumMap<>(PacketType.class);
  private final List<Consumer<Throwable>> errorListeners = new CopyOnWriteArrayList<>();
  private final List<Runnable> drainListeners = new CopyOnWriteArrayList<>();
  private final List<Runnable> closeListeners = new CopyOnWriteArrayList<>();
  private final AtomicBoolean closed = new AtomicBoolean();

  Listeners() {
    // Filled once here and never changed structurally, so readers on any thread are safe.
    for (PacketType type : PacketType.values()) {
      typed.put(type, new CopyOnWriteArrayList<>());
    }
  }

  <T extends Packet> void on(PacketType type, Class<T> packetClass, Consumer<? super T> listener) {
    typed.get(type).add(packet -> listener.accept(packetClass.cast(packet)));
  }

  void onPacket(Consumer<Packet> listener) {
    packetListeners.add(listener);
  }

  void onError(Consumer<Throwable> listener) {
    errorListeners.add(listener);
  }

  void onDrain(Runnable listener) {
    drainListeners.add(listener);
  }

  void onClose(Runnable listener) {
    closeListeners.add(listener);
  }

  boolean isClosed() {
    return closed.get();
  }

  void packet(Packet packet) {
    for (Consumer<Packet> listener : packetListeners) {
      accept(listener, packet);
    }
    for (Consumer<Packet> listener : typed.get(packet.type())) {
      accept(listener, packet);
    }
  }

  void error(Throwable error) {
    if (errorListeners.isEmpty()) {
      // Like an unhandled 'error' event in Node: never swallowed, reported where it happened.
      Thread thread = Thread.currentThread();
      thread.getUncaughtExceptionHandler().uncaughtException(thread, error);
      return;
    }
    for (Consumer<Throwable> listener : errorListeners) {
      try {
        listener.accept(error);
      } catch (RuntimeException e) {
        e.addSuppressed(error);
        Thread thread = Thread.currentThread();
        thread.getUncaughtExceptionHandler().uncaughtException(thread, e);
      }
    }
  }

  void drain() {
    for (Runnable listener : drainListeners) {
      run(listener);
    }
  }

  /**
   * Completes a write: the callback hears the outcome; without one a failure goes to the error
   * listeners, except that writing to a closed connection is not news.
   */
  void written(WriteCallback callback, Throwable errorOrNull) {
    if (callback != null) {
      try {
        callback.done(errorOrNull);
      } catch (RuntimeException e) {
        error(e);
      }
    } else if (errorOrNull != null && !(errorOrNull instanceof ClosedChannelException)) {
      error(errorOrNull);
    }
  }

  /** Runs the close listeners the first time only. */
  void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    for (Runnable listener : closeListeners) {
      run(listener);
    }
  }

  private void accept(Consumer<Packet> listener, Packet packet) {
    try {
      listener.accept(packet);
    } catch (RuntimeException e) {
      error(e);
    }
  }

  private void run(Runnable listener) {
    try {
      listener.run();
    } catch (RuntimeException e) {
      error(e);
    }
  }
}
