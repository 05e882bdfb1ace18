package dev.aedes.bench.crash;

import dev.aedes.connection.Connection;
import dev.aedes.packet.ConnackPacket;
import dev.aedes.packet.ConnectPacket;
import dev.aedes.packet.DisconnectPacket;
import dev.aedes.packet.PubackPacket;
import dev.aedes.packet.PubcompPacket;
import dev.aedes.packet.PublishPacket;
import dev.aedes.packet.PubrecPacket;
import dev.aedes.packet.PubrelPacket;
import dev.aedes.packet.SubscribePacket;
import dev.aedes.packet.Subscription;
import io.netty.channel.EventLoopGroup;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * One MQTT 3.1.1 client of the crash test, on {@link Connection}: as a publisher it sends
 * numbered messages at one QoS with up to {@code window} in flight and records which the broker
 * acknowledged (PUBACK at QoS 1, PUBCOMP at QoS 2), like aedes-server's CrashPublisher; as a
 * subscriber it acknowledges what it receives and hands each message to {@link #received} once
 * (a QoS 2 PUBLISH whose id awaits PUBREL is not handed on again, the receiver's half of
 * exactly-once).
 */
final class CrashClient {
  private final Connection connection;
  private final int windowSize;
  private final CompletableFuture<ConnackPacket> connack = new CompletableFuture<>();
  private final CompletableFuture<Void> suback = new CompletableFuture<>();
  private final Semaphore window;
  private final Map<Integer, Integer> numberById = new ConcurrentHashMap<>();
  private final Set<Integer> unreleased;
  final Set<Integer> acknowledged = ConcurrentHashMap.newKeySet();
  /** "topic=payload" of every message handed on, in order of arrival. */
  final BlockingQueue<String> received = new LinkedBlockingQueue<>();
  private int nextId;

  private CrashClient(Connection connection, Set<Integer> unreleased, int windowSize) {
    this.connection = connection;
    this.windowSize = windowSize;
    this.window = new Semaphore(windowSize);
    this.unreleased = unreleased;
    connection.onConnack(connack::complete)
        .onSuback(s -> suback.complete(null))
        .onPublish(this::published)
        .onPubrel(p -> {
          unreleased.remove(p.messageId());
          connection.pubcomp(new PubcompPacket(p.messageId()));
        })
        .onPuback(p -> acked(p.messageId()))
        .onPubrec(p -> connection.pubrel(new PubrelPacket(p.messageId())))
        .onPubcomp(p -> acked(p.messageId()))
        .onClose(() -> {
          connack.completeExceptionally(new IllegalStateException("connection closed"));
          window.release(windowSize); // a publisher waiting for a slot sees the connection gone
        });
  }

  /**
   * Connects as {@code clientId}; {@code unreleased} holds the QoS 2 ids awaiting PUBREL and
   * is shared by the connections of one client id (session state of the receiver);
   * {@code windowSize}: most messages published and not yet acknowledged.
   */
  static CrashClient connect(EventLoopGroup group, int port, String clientId, boolean clean,
      Set<Integer> unreleased, int windowSize) throws Exception {
    Connection connection = Connection.connectTcp("127.0.0.1", port, group)
        .get(10, TimeUnit.SECONDS);
    CrashClient client = new CrashClient(connection, unreleased, windowSize);
    connection.connect(ConnectPacket.of(4, clientId, clean, 60));
    ConnackPacket packet = client.connack.get(10, TimeUnit.SECONDS);
    if (packet.reasonCode() != 0) {
      connection.destroy();
      throw new IllegalStateException(clientId + ": CONNACK " + packet.reasonCode());
    }
    return client;
  }

  boolean sessionPresent() {
    return connack.join().sessionPresent();
  }

  void subscribe(String filter, int qos) throws Exception {
    connection.subscribe(new SubscribePacket(1, List.of(new Subscription(filter, qos))));
    suback.get(10, TimeUnit.SECONDS);
  }

  /**
   * Sends message {@code number} on {@code topic/number} once a slot is free; false when none
   * frees up within a second or the connection is gone (the broker was killed).
   */
  boolean publish(String topic, int number, int qos) throws InterruptedException {
    if (!connection.isOpen() || !window.tryAcquire(1, TimeUnit.SECONDS)
        || !connection.isOpen()) {
      return false;
    }
    nextId = nextId % 0xFFFF + 1; // windowSize in flight at most: no id is reused while in use
    numberById.put(nextId, number);
    connection.publish(new PublishPacket(topic + "/" + number,
        Integer.toString(number).getBytes(StandardCharsets.UTF_8), qos, nextId, false));
    return true;
  }

  int acknowledgedCount() {
    return acknowledged.size();
  }

  private void acked(int messageId) {
    Integer number = numberById.remove(messageId);
    if (number != null) {
      acknowledged.add(number);
      window.release();
    }
  }

  private void published(PublishPacket packet) {
    boolean handOn = true;
    if (packet.qos() == 1) {
      connection.puback(new PubackPacket(packet.messageId()));
    } else if (packet.qos() == 2) {
      handOn = unreleased.add(packet.messageId());
      connection.pubrec(new PubrecPacket(packet.messageId()));
    }
    if (handOn) {
      received.add(packet.topic() + "=" + new String(packet.payload(), StandardCharsets.UTF_8));
    }
  }

  /** DISCONNECT, then close. */
  void close() {
    if (connection.isOpen()) {
      connection.disconnect(DisconnectPacket.NORMAL, error -> connection.destroy());
      connection.channel().closeFuture().awaitUninterruptibly(5000);
    }
  }
}
