package dev.aedes.connection;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

/** Opens the TCP connection behind {@link Connection#connectTcp}. */
final class TcpConnector {
  private TcpConnector() {
  }

  static CompletableFuture<Connection> connect(String host, int port, EventLoopGroup group,
      ConnectionOptions options) {
    CompletableFuture<Connection> result = new CompletableFuture<>();
    AtomicReference<Connection> connection = new AtomicReference<>();
    Bootstrap bootstrap = new Bootstrap()
        .group(group)
        .channel(NioSocketChannel.class)
        .handler(new ChannelInitializer<Channel>() {
          @Override
          protected void initChannel(Channel channel) {
            // Stages in place before the channel is active, so no byte is read without them.
            connection.set(Connection.client(channel, options));
          }
        });
    ChannelFuture connecting = bootstrap.connect(host, port);
    connecting.addListener(future -> {
      if (future.isSuccess()) {
        result.complete(connection.get());
      } else {
        result.completeExceptionally(future.cause());
      }
    });
    return result;
  }
}
