package dev.aedes.bench.load;

import dev.aedes.connection.Connection;
import dev.aedes.packet.ConnectPacket;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.EventLoop;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The generator's event loops (native epoll where it loads, NIO otherwise) and the TCP connect
 * of one {@link BenchClient}, optionally from a given 127.0.0.x source address.
 */
final class ClientLoops implements AutoCloseable {
  private final EventLoopGroup group;
  /** A constructor reference, not Netty's reflective factory: one channel per connect. */
  private final ChannelFactory<Channel> channelFactory;
  private final String name;
  private final boolean epoll;

  ClientLoops(int threads) {
    boolean epoll = Epoll.isAvailable();
    IoHandlerFactory factory = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    this.group = new MultiThreadIoEventLoopGroup(threads, factory);
    this.channelFactory = epoll ? EpollSocketChannel::new : NioSocketChannel::new;
    this.name = epoll ? "epoll" : "nio";
    this.epoll = epoll;
  }

  /** "epoll" or "nio". */
  String transport() {
    return name;
  }

  /** The next event loop, round robin. */
  EventLoop next() {
    return group.next();
  }

  /**
   * Connects, sends {@code connect} and completes with the client on CONNACK, on a loop of the
   * group's choosing.
   *
   * @param source the local address to bind, or null for the kernel's choice
   */
  CompletableFuture<BenchClient> open(InetSocketAddress broker, InetSocketAddress source,
      ConnectPacket connect, Tracker tracker) {
    return open(group.next(), broker, source, connect, tracker);
  }

  /**
   * {@link #open(InetSocketAddress, InetSocketAddress, ConnectPacket, Tracker)} on {@code loop}:
   * called on that loop, the channel is created, registered and connected without a hand-off
   * to another thread, and the result completes on the same loop.
   */
  CompletableFuture<BenchClient> open(EventLoop loop, InetSocketAddress broker,
      InetSocketAddress source, ConnectPacket connect, Tracker tracker) {
    AtomicReference<BenchClient> client = new AtomicReference<>();
    Bootstrap bootstrap = new Bootstrap()
        .group(loop)
        .channelFactory(channelFactory)
        .option(ChannelOption.TCP_NODELAY, true)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000)
        .handler(new ChannelInitializer<Channel>() {
          @Override
          protected void initChannel(Channel channel) {
            // Listeners in place before the channel is active, so no packet is missed.
            client.set(new BenchClient(Connection.client(channel), tracker));
          }
        });
    if (source != null && epoll) {
      // the port is chosen at connect(), per destination, not reserved by bind() for any
      bootstrap.option(EpollChannelOption.IP_BIND_ADDRESS_NO_PORT, true);
    }
    CompletableFuture<BenchClient> result = new CompletableFuture<>();
    (source == null ? bootstrap.connect(broker) : bootstrap.connect(broker, source))
        .addListener(future -> {
          if (future.isSuccess()) {
            client.get().connect(connect).whenComplete((c, error) -> {
              if (error == null) {
                result.complete(c);
              } else {
                client.get().connection().destroy();
                result.completeExceptionally(error);
              }
            });
          } else {
            result.completeExceptionally(future.cause());
          }
        });
    return result;
  }

  @Override
  public void close() {
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
  }
}
