package dev.aedes.connection;

import static org.awaitility.Awaitility.await;

import dev.aedes.packet.Packet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.core.ConditionFactory;

/**
 * Records what a connection's listeners see (packets, errors, drains, closes) so a test can wait
 * for the next packet of a type, in the style of Aedes's test helpers.
 */
final class PacketRecorder {
  static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final Connection connection;
  private final List<Packet> unread = new ArrayList<>();
  private final List<Packet> all = new CopyOnWriteArrayList<>();
  private final List<Throwable> errors = new CopyOnWriteArrayList<>();
  private final AtomicInteger closes = new AtomicInteger();
  private final AtomicInteger drains = new AtomicInteger();

  private PacketRecorder(Connection connection) {
    this.connection = connection;
  }

  /** Awaitility with a short poll interval: conversations wait for many packets in a row. */
  static ConditionFactory waiting(String alias) {
    return await(alias).atMost(TIMEOUT).pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(2));
  }

  /** Registers the recording listeners on {@code connection}. */
  static PacketRecorder attach(Connection connection) {
    PacketRecorder recorder = new PacketRecorder(connection);
    connection.onPacket(recorder::record)
        .onError(recorder.errors::add)
        .onClose(recorder.closes::incrementAndGet)
        .onDrain(recorder.drains::incrementAndGet);
    return recorder;
  }

  Connection connection() {
    return connection;
  }

  /** Waits for, removes and returns the oldest unread packet of this type. */
  <T extends Packet> T next(Class<T> type) {
    return waiting("a " + type.getSimpleName())
        .until(() -> take(type), Objects::nonNull);
  }

  /** Every packet received so far, in order. */
  List<Packet> all() {
    return all;
  }

  List<Throwable> errors() {
    return errors;
  }

  int closes() {
    return closes.get();
  }

  int drains() {
    return drains.get();
  }

  /** Waits until the close listener has run. */
  void awaitClosed() {
    waiting("close").until(() -> closes.get() > 0);
  }

  private void record(Packet packet) {
    all.add(packet);
    synchronized (unread) {
      unread.add(packet);
    }
  }

  private <T extends Packet> T take(Class<T> type) {
    synchronized (unread) {
      for (int i = 0; i < unread.size(); i++) {
        if (type.isInstance(unread.get(i))) {
          return type.cast(unread.remove(i));
        }
      }
      return null;
    }
  }
}
