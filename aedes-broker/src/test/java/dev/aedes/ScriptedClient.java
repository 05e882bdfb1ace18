package dev.aedes;

import dev.aedes.connection.Connection;
import dev.aedes.packet.ConnackPacket;
import dev.aedes.packet.ConnectPacket;
import dev.aedes.packet.Packet;
import dev.aedes.packet.ProtocolVersion;
import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A raw MQTT client over TCP for tests that need to see every packet the broker sends, or to
 * send what a well-behaved client library never would. Close it to stop its event loop.
 */
final class ScriptedClient implements AutoCloseable {
  private static final long WAIT_SECONDS = 5;

  private final EventLoopGroup group;
  private final Connection conn;
  private final BlockingQueue<Packet> received = new LinkedBlockingQueue<>();
  private final CountDownLatch closed = new CountDownLatch(1);
  private ConnackPacket connack;

  private ScriptedClient(EventLoopGroup group, Connection conn) {
    this.group = group;
    this.conn = conn;
    conn.onPacket(received::add);
    conn.onError(e -> { });
    conn.onClose(closed::countDown);
  }

  /** Opens a TCP connection to the broker; nothing is sent yet. */
  static ScriptedClient open(TestBroker broker) throws Exception {
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    Connection conn = Connection.connectTcp("127.0.0.1", broker.port(), group)
        .get(WAIT_SECONDS, TimeUnit.SECONDS);
    return new ScriptedClient(group, conn);
  }

  /** Opens a connection, sends an MQTT 3.1.1 CONNECT and returns once CONNACK 0 arrived. */
  static ScriptedClient connect(TestBroker broker, String clientId) throws Exception {
    return connect(broker, ConnectPacket.of(ProtocolVersion.MQTT_3_1_1, clientId, true, 0));
  }

  /** Opens a connection, sends {@code connect} and returns once CONNACK 0 arrived. */
  static ScriptedClient connect(TestBroker broker, ConnectPacket connect) throws Exception {
    ScriptedClient client = open(broker);
    client.conn.connect(connect);
    client.connack = client.next(ConnackPacket.class);
    if (client.connack.returnCode() != 0) {
      client.close();
      throw new AssertionError("CONNACK " + client.connack.returnCode());
    }
    return client;
  }

  /** The CONNACK received by {@link #connect}. */
  ConnackPacket connack() {
    return connack;
  }

  Connection conn() {
    return conn;
  }

  /** Writes raw bytes, bypassing the generator. */
  void writeBytes(byte[] bytes) {
    conn.channel().writeAndFlush(Unpooled.wrappedBuffer(bytes));
  }

  /** The next packet the broker sent, which must be of this type. */
  <T extends Packet> T next(Class<T> type) throws InterruptedException {
    Packet packet = received.poll(WAIT_SECONDS, TimeUnit.SECONDS);
    if (packet == null) {
      throw new AssertionError("no " + type.getSimpleName() + " within " + WAIT_SECONDS + " s");
    }
    if (!type.isInstance(packet)) {
      throw new AssertionError("expected " + type.getSimpleName() + ", got " + packet);
    }
    return type.cast(packet);
  }

  /** The next packet within {@code millis}, or null. */
  Packet poll(long millis) throws InterruptedException {
    return received.poll(millis, TimeUnit.MILLISECONDS);
  }

  /** Waits until the broker has closed the connection; false on timeout. */
  boolean awaitClosed() throws InterruptedException {
    return closed.await(WAIT_SECONDS, TimeUnit.SECONDS);
  }

  boolean isClosed() {
    return closed.getCount() == 0;
  }

  @Override
  public void close() throws Exception {
    conn.destroy();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
  }
}
