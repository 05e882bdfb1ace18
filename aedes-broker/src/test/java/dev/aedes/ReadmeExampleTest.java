package dev.aedes;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.net.InetSocketAddress;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;

/**
 * The README's embedding example, verbatim between the markers, so it always compiles and
 * works. It opens a socket on 127.0.0.1 although the class is named *Test: the name was asked
 * for, to match the README example it guards.
 */
class ReadmeExampleTest {
  @Test
  void embeddedBrokerAuthenticatesAndReportsAPahoPublish() throws Exception {
    // README:BEGIN
    Aedes aedes = new Aedes();
    aedes.authenticate((client, username, password) ->
        CompletableFuture.completedFuture("demo".equals(username)));
    BlockingQueue<String> published = new LinkedBlockingQueue<>();
    aedes.onPublish((packet, client) -> {
      if (client != null) { // null for the broker's own messages ($SYS, aedes.publish)
        published.add(client.id() + " -> " + packet.topic());
      }
    });

    EventLoopGroup group = new MultiThreadIoEventLoopGroup(NioIoHandler.newFactory());
    Channel server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel channel) {
            aedes.handle(channel); // one MQTT client per TCP connection
          }
        })
        .bind("127.0.0.1", 0).sync().channel();
    int port = ((InetSocketAddress) server.localAddress()).getPort();

    MqttClient paho = new MqttClient("tcp://127.0.0.1:" + port, "sensor-1",
        new MemoryPersistence());
    MqttConnectOptions options = new MqttConnectOptions();
    options.setUserName("demo");
    options.setPassword("secret".toCharArray());
    paho.connect(options);
    paho.publish("sensors/temperature", "21.5".getBytes(UTF_8), 1, false);
    String event = published.poll(5, TimeUnit.SECONDS); // "sensor-1 -> sensors/temperature"

    paho.disconnect();
    paho.close();
    server.close().sync();
    aedes.close().toCompletableFuture().join();
    group.shutdownGracefully().sync();
    // README:END
    assertThat(event).isEqualTo("sensor-1 -> sensors/temperature");
  }
}
