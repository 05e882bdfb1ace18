package dev.aedes;

import dev.aedes.packet.ConnackPacket;
import dev.aedes.packet.Packet;
import dev.aedes.packet.PingreqPacket;
import dev.aedes.packet.PublishPacket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker's events (Aedes's EventEmitter), one listener list per event. A listener that
 * throws is logged and does not stop the others or the broker.
 */
final class Events {
  private static final Logger LOG = LoggerFactory.getLogger(Events.class);

  final List<Consumer<Client>> client = new CopyOnWriteArrayList<>();
  final List<Consumer<Client>> clientReady = new CopyOnWriteArrayList<>();
  final List<Consumer<Client>> clientDisconnect = new CopyOnWriteArrayList<>();
  final List<BiConsumer<Client, Throwable>> clientError = new CopyOnWriteArrayList<>();
  final List<BiConsumer<Client, Throwable>> connectionError = new CopyOnWriteArrayList<>();
  final List<Consumer<Client>> keepaliveTimeout = new CopyOnWriteArrayList<>();
  final List<BiConsumer<PublishPacket, Client>> publish = new CopyOnWriteArrayList<>();
  final List<BiConsumer<Packet, Client>> ack = new CopyOnWriteArrayList<>();
  final List<BiConsumer<PingreqPacket, Client>> ping = new CopyOnWriteArrayList<>();
  final List<BiConsumer<List<GrantedSubscription>, Client>> subscribe = new CopyOnWriteArrayList<>();
  final List<BiConsumer<List<String>, Client>> unsubscribe = new CopyOnWriteArrayList<>();
  final List<BiConsumer<ConnackPacket, Client>> connackSent = new CopyOnWriteArrayList<>();
  final List<Runnable> closed = new CopyOnWriteArrayList<>();

  static <T> void emit(List<Consumer<T>> listeners, T value) {
    for (Consumer<T> listener : listeners) {
      try {
        listener.accept(value);
      } catch (RuntimeException e) {
        LOG.warn("event listener failed", e);
      }
    }
  }

  static <A, B> void emit(List<BiConsumer<A, B>> listeners, A a, B b) {
    for (BiConsumer<A, B> listener : listeners) {
      try {
        listener.accept(a, b);
      } catch (RuntimeException e) {
        LOG.warn("event listener failed", e);
      }
    }
  }

  void emitClosed() {
    for (Runnable listener : closed) {
      try {
        listener.run();
      } catch (RuntimeException e) {
        LOG.warn("event listener failed", e);
      }
    }
  }
}
