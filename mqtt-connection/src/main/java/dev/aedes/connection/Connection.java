package dev.aedes.connection;

import dev.aedes.packet.AuthPacket;
import dev.aedes.packet.ConnackPacket;
import dev.aedes.packet.ConnectPacket;
import dev.aedes.packet.DisconnectPacket;
import dev.aedes.packet.Packet;
import dev.aedes.packet.PacketType;
import dev.aedes.packet.PingreqPacket;
import dev.aedes.packet.PingrespPacket;
import dev.aedes.packet.PubackPacket;
import dev.aedes.packet.PubcompPacket;
import dev.aedes.packet.PublishPacket;
import dev.aedes.packet.PubrecPacket;
import dev.aedes.packet.PubrelPacket;
import dev.aedes.packet.SubackPacket;
import dev.aedes.packet.SubscribePacket;
import dev.aedes.packet.UnsubackPacket;
import dev.aedes.packet.UnsubscribePacket;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * One MQTT connection, as client or server, over a Netty channel or an input/output stream pair:
 * typed send methods (see {@link PacketSender}) and typed packet listeners, like Node's
 * mqtt-connection.
 *
 * <p>Listeners run on the connection's reader: the channel's event loop, or the reader thread of
 * a stream connection (whose write callbacks and drain listeners run on its writer thread, and
 * whose close listeners run on the thread that closed it).
 * Reading starts at once, so register listeners before the peer can send: inside a
 * {@code ChannelInitializer}, or before the client side sends CONNECT. A
 * {@link dev.aedes.packet.PacketException} from the parser reaches the error listeners, and the
 * connection parses nothing more after it; what to answer and when to close is the listener's
 * decision.
 */
public final class Connection extends PacketSender {
  /** Pipeline name of the frame decoder (bytes to packets). */
  public static final String DECODER = "mqttDecoder";
  /** Pipeline name of the encoder (packets to bytes). */
  public static final String ENCODER = "mqttEncoder";
  /** Pipeline name of the handler that calls the listeners. */
  public static final String HANDLER = "mqttConnection";

  private final Listeners listeners;
  private final ProtocolLevel level;
  private final Transport transport;

  private Connection(Listeners listeners, ProtocolLevel level, Transport transport) {
    this.listeners = listeners;
    this.level = level;
    this.transport = transport;
  }

  /** The server side of an MQTT connection on {@code channel}; adds its stages to the pipeline. */
  public static Connection server(Channel channel) {
    return server(channel, ConnectionOptions.DEFAULT);
  }

  /** {@link #server(Channel)} with options. */
  public static Connection server(Channel channel, ConnectionOptions options) {
    return over(channel, new ProtocolLevel(true), options);
  }

  /** The client side of an MQTT connection on {@code channel}; adds its stages to the pipeline. */
  public static Connection client(Channel channel) {
    return client(channel, ConnectionOptions.DEFAULT);
  }

  /** {@link #client(Channel)} with options. */
  public static Connection client(Channel channel, ConnectionOptions options) {
    return over(channel, new ProtocolLevel(false), options);
  }

  /** The server side of an MQTT connection reading {@code in} and writing {@code out}. */
  public static Connection server(InputStream in, OutputStream out) {
    return server(in, out, ConnectionOptions.DEFAULT);
  }

  /** {@link #server(InputStream, OutputStream)} with options. */
  public static Connection server(InputStream in, OutputStream out, ConnectionOptions options) {
    return over(in, out, new ProtocolLevel(true), options);
  }

  /** The client side of an MQTT connection reading {@code in} and writing {@code out}. */
  public static Connection client(InputStream in, OutputStream out) {
    return client(in, out, ConnectionOptions.DEFAULT);
  }

  /** {@link #client(InputStream, OutputStream)} with options. */
  public static Connection client(InputStream in, OutputStream out, ConnectionOptions options) {
    return over(in, out, new ProtocolLevel(false), options);
  }

  /**
   * Opens a TCP connection with an NIO channel on {@code group} and completes with its client
   * side, before anything is sent: send CONNECT next.
   */
  public static CompletableFuture<Connection> connectTcp(String host, int port,
      EventLoopGroup group) {
    return connectTcp(host, port, group, ConnectionOptions.DEFAULT);
  }

  /** {@link #connectTcp(String, int, EventLoopGroup)} with options. */
  public static CompletableFuture<Connection> connectTcp(String host, int port,
      EventLoopGroup group, ConnectionOptions options) {
    return TcpConnector.connect(host, port, group, options);
  }

  private static Connection over(Channel channel, ProtocolLevel level,
      ConnectionOptions options) {
    Listeners listeners = new Listeners();
    return new Connection(listeners, level,
        new ChannelTransport(channel, listeners, level, options));
  }

  private static Connection over(InputStream in, OutputStream out, ProtocolLevel level,
      ConnectionOptions options) {
    Listeners listeners = new Listeners();
    StreamTransport transport = new StreamTransport(in, out, listeners, level, options);
    Connection connection = new Connection(listeners, level, transport);
    transport.start();
    return connection;
  }

  @Override
  public boolean send(Packet packet, WriteCallback callback) {
    if (packet instanceof ConnectPacket connect) {
      // Set before encoding: the CONNECT itself is written at its own level.
      level.sent(connect);
    }
    return transport.write(packet, callback);
  }

  /** The protocol level in use: 4 (3.1.1) until a CONNECT is sent (client) or received (server). */
  public int protocolVersion() {
    return level.get();
  }

  /** Whether this is the server side. */
  public boolean isServer() {
    return level.isServer();
  }

  /** Whether sends can go on without piling up bytes beyond the high water mark. */
  public boolean isWritable() {
    return transport.isWritable();
  }

  /**
   * Bytes sent on this connection that the peer's socket has not taken yet (for a Netty
   * channel, as its outbound buffer counts them: with a per-message overhead).
   */
  public long pendingWriteBytes() {
    return transport.pendingWriteBytes();
  }

  /** Whether the transport is still open. */
  public boolean isOpen() {
    return transport.isOpen() && !listeners.isClosed();
  }

  /** The peer's address, or null for a stream connection. */
  public SocketAddress remoteAddress() {
    return transport.remoteAddress();
  }

  /** The Netty channel, or null for a stream connection. */
  public Channel channel() {
    return transport.channel();
  }

  /**
   * Starts reading a connection made with {@link ConnectionOptions#autoRead()} false, once its
   * listeners are in place; no effect on one that reads already.
   */
  public void startReading() {
    transport.startReading();
  }

  /** Closes the transport at once; queued writes fail; close listeners run once. */
  public void destroy() {
    transport.close();
  }

  /** Listens to every packet, before the listeners of its type. */
  public Connection onPacket(Consumer<Packet> listener) {
    listeners.onPacket(listener);
    return this;
  }

  /** Listens to errors: parse errors ({@link dev.aedes.packet.PacketException}), I/O errors. */
  public Connection onError(Consumer<Throwable> listener) {
    listeners.onError(listener);
    return this;
  }

  /** Runs when the connection closes, for whatever reason, exactly once. */
  public Connection onClose(Runnable listener) {
    listeners.onClose(listener);
    return this;
  }

  /** Runs when a connection that was not writable becomes writable again. */
  public Connection onDrain(Runnable listener) {
    listeners.onDrain(listener);
    return this;
  }

  /** Listens to CONNECT packets. */
  public Connection onConnect(Consumer<? super ConnectPacket> listener) {
    listeners.on(PacketType.CONNECT, ConnectPacket.class, listener);
    return this;
  }

  /** Listens to CONNACK packets. */
  public Connection onConnack(Consumer<? super ConnackPacket> listener) {
    listeners.on(PacketType.CONNACK, ConnackPacket.class, listener);
    return this;
  }

  /** Listens to PUBLISH packets. */
  public Connection onPublish(Consumer<? super PublishPacket> listener) {
    listeners.on(PacketType.PUBLISH, PublishPacket.class, listener);
    return this;
  }

  /** Listens to PUBACK packets. */
  public Connection onPuback(Consumer<? super PubackPacket> listener) {
    listeners.on(PacketType.PUBACK, PubackPacket.class, listener);
    return this;
  }

  /** Listens to PUBREC packets. */
  public Connection onPubrec(Consumer<? super PubrecPacket> listener) {
    listeners.on(PacketType.PUBREC, PubrecPacket.class, listener);
    return this;
  }

  /** Listens to PUBREL packets. */
  public Connection onPubrel(Consumer<? super PubrelPacket> listener) {
    listeners.on(PacketType.PUBREL, PubrelPacket.class, listener);
    return this;
  }

  /** Listens to PUBCOMP packets. */
  public Connection onPubcomp(Consumer<? super PubcompPacket> listener) {
    listeners.on(PacketType.PUBCOMP, PubcompPacket.class, listener);
    return this;
  }

  /** Listens to SUBSCRIBE packets. */
  public Connection onSubscribe(Consumer<? super SubscribePacket> listener) {
    listeners.on(PacketType.SUBSCRIBE, SubscribePacket.class, listener);
    return this;
  }

  /** Listens to SUBACK packets. */
  public Connection onSuback(Consumer<? super SubackPacket> listener) {
    listeners.on(PacketType.SUBACK, SubackPacket.class, listener);
    return this;
  }

  /** Listens to UNSUBSCRIBE packets. */
  public Connection onUnsubscribe(Consumer<? super UnsubscribePacket> listener) {
    listeners.on(PacketType.UNSUBSCRIBE, UnsubscribePacket.class, listener);
    return this;
  }

  /** Listens to UNSUBACK packets. */
  public Connection onUnsuback(Consumer<? super UnsubackPacket> listener) {
    listeners.on(PacketType.UNSUBACK, UnsubackPacket.class, listener);
    return this;
  }

  /** Listens to PINGREQ packets. */
  public Connection onPingreq(Consumer<? super PingreqPacket> listener) {
    listeners.on(PacketType.PINGREQ, PingreqPacket.class, listener);
    return this;
  }

  /** Listens to PINGRESP packets. */
  public Connection onPingresp(Consumer<? super PingrespPacket> listener) {
    listeners.on(PacketType.PINGRESP, PingrespPacket.class, listener);
    return this;
  }

  /** Listens to DISCONNECT packets. */
  public Connection onDisconnect(Consumer<? super DisconnectPacket> listener) {
    listeners.on(PacketType.DISCONNECT, DisconnectPacket.class, listener);
    return this;
  }

  /** Listens to AUTH packets. */
  public Connection onAuth(Consumer<? super AuthPacket> listener) {
    listeners.on(PacketType.AUTH, AuthPacket.class, listener);
    return this;
  }
}
