package dev.aedes.connection;

import dev.aedes.packet.Packet;
import dev.aedes.packet.PacketType;
import java.nio.channels.ClosedChannelException;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Consumer;

/**
 * The listeners of one connection and the one place events reach them: packets (the catch-all
 * listeners first, then the typed ones), errors, drain and close (once). A listener that throws
 * is reported to the error listeners, so one bad listener cannot stop the reader.
 */
final class Listeners {
  private static final Object[] NONE = new Object[0];
  private static final int TYPES = PacketType.values().length;

  // Copy-on-write arrays, swapped whole under the lock and read without it from any thread:
  // a connection that registers a few listeners costs a few small arrays, not a list per type.
  private volatile Object[] packetListeners = NONE;
  private final AtomicReferenceArray<Object[]> typed =
      new AtomicReferenceArray<>(TYPES);
  private volatile Object[] errorListeners = NONE;
  private volatile Object[] drainListeners = NONE;
  private volatile Object[] closeListeners = NONE;
  private final AtomicBoolean closed = new AtomicBoolean();

  <T extends Packet> void on(PacketType type, Class<T> packetClass, Consumer<? super T> listener) {
    Consumer<Packet> cast = packet -> listener.accept(packetClass.cast(packet));
    synchronized (this) {
      Object[] old = typed.get(type.ordinal());
      typed.set(type.ordinal(), append(old == null ? NONE : old, cast));
    }
  }

  synchronized void onPacket(Consumer<Packet> listener) {
    packetListeners = append(packetListeners, listener);
  }

  synchronized void onError(Consumer<Throwable> listener) {
    errorListeners = append(errorListeners, listener);
  }

  synchronized void onDrain(Runnable listener) {
    drainListeners = append(drainListeners, listener);
  }

  synchronized void onClose(Runnable listener) {
    closeListeners = append(closeListeners, listener);
  }

  private static Object[] append(Object[] old, Object listener) {
    Object[] grown = Arrays.copyOf(old, old.length + 1);
    grown[old.length] = listener;
    return grown;
  }

  boolean isClosed() {
    return closed.get();
  }

  void packet(Packet packet) {
    for (Object listener : packetListeners) {
      accept(listener, packet);
    }
    Object[] ofType = typed.get(packet.type().ordinal());
    if (ofType != null) {
      for (Object listener : ofType) {
        accept(listener, packet);
      }
    }
  }

  @SuppressWarnings("unchecked")
  void error(Throwable error) {
    Object[] listeners = errorListeners;
    if (listeners.length == 0) {
      // Like an unhandled 'error' event in Node: never swallowed, reported where it happened.
      Thread thread = Thread.currentThread();
      thread.getUncaughtExceptionHandler().uncaughtException(thread, error);
      return;
    }
    for (Object listener : listeners) {
      try {
        ((Consumer<Throwable>) listener).accept(error);
      } catch (RuntimeException e) {
        e.addSuppressed(error);
        Thread thread = Thread.currentThread();
        thread.getUncaughtExceptionHandler().uncaughtException(thread, e);
      }
    }
  }

  void drain() {
    for (Object listener : drainListeners) {
      run((Runnable) listener);
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
    for (Object listener : closeListeners) {
      run((Runnable) listener);
    }
  }

  @SuppressWarnings("unchecked")
  private void accept(Object listener, Packet packet) {
    try {
      ((Consumer<Packet>) listener).accept(packet);
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
