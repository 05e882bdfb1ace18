package dev.aedes.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aedes.packet.ConnectPacket;
import dev.aedes.packet.Generator;
import dev.aedes.packet.PingreqPacket;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakerFactory;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import java.net.URI;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** MQTT over WebSocket is a byte stream: frame boundaries need not match packet boundaries. */
class WebSocketFramingIT {
  @Test
  void packetSplitAcrossFramesAndTwoPacketsInOneFrameAreBothRead() throws Exception {
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    try (AedesServer server = TestServer.start("--ws-enabled")) {
      BlockingQueue<String> frames = new LinkedBlockingQueue<>();
      CompletableFuture<Void> handshake = new CompletableFuture<>();
      URI uri = URI.create(TestServer.uri(server, Listener.WS));
      Channel channel = new Bootstrap().group(group).channel(NioSocketChannel.class)
          .handler(new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
              ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(65536),
                  new WebSocketClientProtocolHandler(WebSocketClientHandshakerFactory
                      .newHandshaker(uri, WebSocketVersion.V13, "mqtt", false,
                          new DefaultHttpHeaders())),
                  new SimpleChannelInboundHandler<BinaryWebSocketFrame>() {
                    @Override
                    protected void channelRead0(ChannelHandlerContext ctx,
                        BinaryWebSocketFrame frame) {
                      frames.add(ByteBufUtil.hexDump(frame.content()));
                    }

                    @Override
                    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
                      if (event == WebSocketClientProtocolHandler.ClientHandshakeStateEvent
                          .HANDSHAKE_COMPLETE) {
                        handshake.complete(null);
                      }
                    }
                  });
            }
          }).connect(uri.getHost(), uri.getPort()).sync().channel();
      handshake.get(5, TimeUnit.SECONDS);
      byte[] connect = Generator.toBytes(ConnectPacket.of(4, "framing", true, 0), 4);
      byte[] ping = Generator.toBytes(PingreqPacket.INSTANCE, 4);
      // CONNECT's first 5 bytes in one frame; its rest and a whole PINGREQ in the next.
      channel.writeAndFlush(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(connect, 0, 5)));
      ByteBuf second = Unpooled.buffer().writeBytes(connect, 5, connect.length - 5)
          .writeBytes(ping);
      channel.writeAndFlush(new BinaryWebSocketFrame(second)).sync();
      assertThat(frames.poll(5, TimeUnit.SECONDS)).isEqualTo("20020000"); // CONNACK accepted
      assertThat(frames.poll(5, TimeUnit.SECONDS)).isEqualTo("d000"); // PINGRESP
      channel.close().sync();
    } finally {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }
  }
}
