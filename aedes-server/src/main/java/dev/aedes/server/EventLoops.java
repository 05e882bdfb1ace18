package dev.aedes.server;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.util.concurrent.TimeUnit;

/**
 * The server's event loops: native epoll where it loads (Linux), NIO otherwise. One acceptor
 * thread, worker threads (Netty's default count) for the MQTT connections, and one thread for
 * the health and metrics endpoint, whose scrape may read the disk (the data directory's size)
 * and must not hold up MQTT connections.
 */
final class EventLoops {
  final EventLoopGroup boss;
  final EventLoopGroup workers;
  final EventLoopGroup http;
  final Class<? extends ServerChannel> serverChannel;
  final String name;

  EventLoops() {
    boolean epoll = Epoll.isAvailable();
    IoHandlerFactory factory = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    this.boss = new MultiThreadIoEventLoopGroup(1, factory);
    this.workers = new MultiThreadIoEventLoopGroup(0, factory);
    this.http = new MultiThreadIoEventLoopGroup(1, factory);
    this.serverChannel = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    this.name = epoll ? "epoll" : "nio";
  }

  /** Stops the groups; waits at most a few seconds. */
  void shutdown() {
    boss.shutdownGracefully(0, 2, TimeUnit.SECONDS);
    http.shutdownGracefully(0, 2, TimeUnit.SECONDS);
    workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
  }
}
