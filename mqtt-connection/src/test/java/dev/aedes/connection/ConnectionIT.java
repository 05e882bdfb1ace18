package dev.aedes.connection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aedes.packet.ConnackPacket;
import dev.aedes.packet.ConnectPacket;
import dev.aedes.packet.PingreqPacket;
import dev.aedes.packet.ProtocolVersion;
import dev.aedes.packet.PublishPacket;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.net.InetSocketAddress;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Our client and our server over real TCP on 127.0.0.1. */
class ConnectionIT {
  private final EventLoopGroup group =
      new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
  private final BlockingQueue<PacketRecorder> accepted = new LinkedBlockingQueue<>();
  private Channel serverChannel;

  @BeforeEach
  void listen() throws InterruptedException {
    serverChannel = new ServerBootstrap()
        .group(group)
        .channel(NioServerSocketChannel.class)
        .childHandler(new ChannelInitializer<Channel>() {
          @Override
          protected void initChannel(Channel channel) {
            // Listeners attached before the channel reads its first byte.
            accepted.add(PacketRecorder.attach(Connection.server(channel)));
          }
        })
        .bind("127.0.0.1", 0).sync().channel();
  }

  @AfterEach
  void stop() throws InterruptedException {
    serverChannel.close().sync();
    group.shutdownGracefully(0, 5, TimeUnit.SECONDS).sync();
  }

  @ParameterizedTest(name = "MQTT level {0}")
  @ValueSource(ints = {ProtocolVersion.MQTT_3_1_1, ProtocolVersion.MQTT_5})
  void wholeConversationRunsOverTcp(int version) throws Exception {
    PacketRecorder client = PacketRecorder.attach(connect());
    PacketRecorder server = nextAccepted();

    assertThat(client.connection().remoteAddress()).isEqualTo(serverChannel.localAddress());
    assertThat(client.connection().channel()).isNotNull();

    Conversation.run(client, server, version);
  }

  @Test
  void sendsFromATaskOnTheEventLoopShareOneFlush() throws Exception {
    PacketRecorder client = PacketRecorder.attach(connect());
    PacketRecorder server = nextAccepted();
    Connection connection = client.connection();
    AtomicInteger flushes = new AtomicInteger();
    connection.channel().pipeline().addFirst(new ChannelOutboundHandlerAdapter() {
      @Override
      public void flush(ChannelHandlerContext ctx) {
        flushes.incrementAndGet();
        ctx.flush();
      }
    });

    connection.channel().eventLoop().execute(() -> {
      for (int i = 0; i < 3; i++) {
        connection.pingreq(PingreqPacket.INSTANCE);
      }
    });

    for (int i = 0; i < 3; i++) {
      server.next(PingreqPacket.class);
    }
    assertThat(flushes).hasValue(1);
  }

  @Test
  void sendFromAnotherThreadCountsAgainstTheWaterMarksAndDrains() throws Exception {
    PacketRecorder client = PacketRecorder.attach(connect());
    PacketRecorder server = nextAccepted();
    Connection connection = client.connection();
    connection.channel().config().setWriteBufferWaterMark(new WriteBufferWaterMark(64, 1024));
    connection.connect(ConnectPacket.of(4, "heavy", true, 0));
    server.next(ConnectPacket.class);
    server.connection().connack(new ConnackPacket(false, 0));
    client.next(ConnackPacket.class);

    // Hold the event loop, so the 8 KiB handed over from this thread stays pending.
    CountDownLatch loopHeld = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    connection.channel().eventLoop().execute(() -> {
      loopHeld.countDown();
      awaitQuietly(release);
    });
    assertThat(loopHeld.await(10, TimeUnit.SECONDS)).isTrue();
    boolean writable;
    try {
      writable = connection.publish(new PublishPacket("big", new byte[8192], 0, 0, false));
    } finally {
      release.countDown();
    }

    assertThat(writable).isFalse();
    PacketRecorder.waiting("drain").until(() -> client.drains() == 1);
    assertThat(connection.isWritable()).isTrue();
    assertThat(server.next(PublishPacket.class).payload()).hasSize(8192);
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private Connection connect() throws Exception {
    InetSocketAddress address = (InetSocketAddress) serverChannel.localAddress();
    return Connection.connectTcp("127.0.0.1", address.getPort(), group)
        .get(10, TimeUnit.SECONDS);
  }

  private PacketRecorder nextAccepted() throws InterruptedException {
    PacketRecorder server = accepted.poll(10, TimeUnit.SECONDS);
    assertThat(server).as("accepted connection").isNotNull();
    return server;
  }
}
