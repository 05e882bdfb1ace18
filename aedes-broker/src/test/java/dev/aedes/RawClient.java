package dev.aedes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aedes.connection.Connection;
import dev.aedes.packet.ConnackPacket;
import dev.aedes.packet.ConnectPacket;
import dev.aedes.packet.Packet;
import dev.aedes.packet.SubackPacket;
import dev.aedes.packet.SubscribePacket;
import dev.aedes.packet.Subscription;
import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * An MQTT client with no client-side rules, on our {@link Connection}: it sends exactly what a
 * test asks (duplicates, a second CONNECT, hand-made bytes), never acknowledges on its own, and
 * queues every packet it receives for the test to take in order. Close it to stop its event loop.
 */
final class RawClient implements AutoCloseable {
  private static final long WAIT_SECONDS = 5;

  private final EventLoopGroup group;
  private final Connection conn;
  private final BlockingQueue<Packet> received = new LinkedBlockingQueue<>();
  private final BlockingQueue<Throwable> errors = new LinkedBlockingQueue<>();
  private final CompletableFuture<Void> closed = new CompletableFuture<>();
  private volatile ConnackPacket connack;

  private RawClient(EventLoopGroup group, Connection conn) {
    this.group = group;
    this.conn = conn;
    conn.onPacket(received::add);
    // Kept for tests to inspect; a broker closing on us is often the point of the test.
    conn.onError(errors::add);
    conn.onClose(() -> closed.complete(null));
  }

  /** Opens a TCP connection to the broker; nothing is sent yet. */
  static RawClient open(TestBroker broker) throws Exception {
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    try {
      Connection conn = Connection.connectTcp("127.0.0.1", broker.port(), group)
          .get(WAIT_SECONDS, TimeUnit.SECONDS);
      return new RawClient(group, conn);
    } catch (Exception e) {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
      throw e;
    }
  }

  /** Opens a connection and connects at MQTT 3.1.1, expecting CONNACK 0. */
  static RawClient connected(TestBroker broker, String clientId, boolean clean) throws Exception {
    return connected(broker, ConnectPacket.of(4, clientId, clean, 0));
  }

  /** Opens a connection, sends {@code packet} and expects CONNACK 0; see {@link #connack()}. */
  static RawClient connected(TestBroker broker, ConnectPacket packet) throws Exception {
    RawClient client = open(broker);
    try {
      ConnackPacket connack = client.connect(packet);
      assertThat(connack.returnCode()).as("CONNACK of " + packet.clientId()).isZero();
      return client;
    } catch (Exception | AssertionError e) {
      client.close();
      throw e;
    }
  }

  /** Sends CONNECT and returns the CONNACK. */
  ConnackPacket connect(ConnectPacket packet) throws InterruptedException {
    send(packet);
    connack = expect(ConnackPacket.class);
    return connack;
  }

  /** The CONNACK taken by {@link #connect} or {@link #connected}. */
  ConnackPacket connack() {
    return connack;
  }

  /** Subscribes and returns the SUBACK. */
  SubackPacket subscribe(int messageId, Subscription... subscriptions)
      throws InterruptedException {
    send(new SubscribePacket(messageId, List.of(subscriptions)));
    return expect(SubackPacket.class);
  }

  /** The connection itself, for its typed senders ({@code conn().puback(...)}). */
  Connection conn() {
    return conn;
  }

  void send(Packet packet) {
    conn.send(packet, null);
  }

  /** Writes hand-made bytes, bypassing the generator's checks. */
  void sendBytes(int... bytes) {
    byte[] raw = new byte[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      raw[i] = (byte) bytes[i];
    }
    sendBytes(raw);
  }

  /** Writes hand-made bytes, bypassing the generator's checks. */
  void sendBytes(byte[] bytes) {
    conn.channel().writeAndFlush(Unpooled.wrappedBuffer(bytes));
  }

  /** The next packet received, failing after five seconds. */
  Packet next() throws InterruptedException {
    Packet packet = received.poll(WAIT_SECONDS, TimeUnit.SECONDS);
    assertThat(packet).as("a packet within " + WAIT_SECONDS + " s").isNotNull();
    return packet;
  }

  /** The next packet, which must be of this type. */
  <T extends Packet> T expect(Class<T> type) throws InterruptedException {
    return type.cast(assertThat(next()).isInstanceOf(type).actual());
  }

  /** The next packet within {@code millis}, or null: for asserting that nothing came. */
  Packet poll(long millis) throws InterruptedException {
    return received.poll(millis, TimeUnit.MILLISECONDS);
  }

  /** Packets received and not taken yet. */
  List<Packet> pending() {
    return List.copyOf(received);
  }

  /** Errors the connection reported (decode errors, resets), oldest first. */
  List<Throwable> errors() {
    return List.copyOf(errors);
  }

  /** Waits until the broker has closed the connection, failing after five seconds. */
  void awaitClosed() throws Exception {
    try {
      closed.get(WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError("connection still open after " + WAIT_SECONDS + " s", e);
    }
  }

  boolean isOpen() {
    return conn.isOpen();
  }

  /** Drops the socket without DISCONNECT. */
  void destroy() {
    conn.destroy();
  }

  @Override
  public void close() {
    conn.destroy();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }
}
