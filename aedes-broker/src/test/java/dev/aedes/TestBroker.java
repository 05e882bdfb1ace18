package dev.aedes;

import dev.aedes.packet.PublishPacket;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * An {@link Aedes} broker behind a plain TCP listener on 127.0.0.1 and a free port, for tests
 * that talk to it with real client libraries. Close it to stop both.
 */
public final class TestBroker implements AutoCloseable {
  private final Aedes aedes;
  private final EventLoopGroup group;
  private final Channel server;

  private TestBroker(Aedes aedes) throws InterruptedException {
    this.aedes = aedes;
    this.group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    this.server = new ServerBootstrap()
        .group(group)
        .channel(NioServerSocketChannel.class)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            aedes.handle(ch);
          }
        })
        .bind("127.0.0.1", 0).sync().channel();
  }

  /** Starts a broker with default options. */
  public static TestBroker start() throws InterruptedException {
    return start(new AedesOptions());
  }

  /** Starts a broker with these options. */
  public static TestBroker start(AedesOptions options) throws InterruptedException {
    return new TestBroker(new Aedes(options));
  }

  /** Publishes {@code text} to {@code topic} from the broker itself and waits until routed. */
  public void publish(String topic, String text) throws Exception {
    aedes.publish(PublishPacket.of(topic, text)).toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  public Aedes aedes() {
    return aedes;
  }

  public int port() {
    return ((InetSocketAddress) server.localAddress()).getPort();
  }

  /** "tcp://127.0.0.1:port", for Paho. */
  public String uri() {
    return "tcp://127.0.0.1:" + port();
  }

  @Override
  public void close() throws Exception {
    server.close().sync();
    aedes.close().toCompletableFuture().get(10, TimeUnit.SECONDS);
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).sync();
  }
}
