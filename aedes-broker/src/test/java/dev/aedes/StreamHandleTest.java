package dev.aedes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.aedes.connection.Connection;
import dev.aedes.packet.ConnackPacket;
import dev.aedes.packet.ConnectPacket;
import dev.aedes.packet.Packet;
import dev.aedes.packet.ProtocolVersion;
import dev.aedes.packet.PubackPacket;
import dev.aedes.packet.PublishPacket;
import dev.aedes.packet.SubackPacket;
import dev.aedes.packet.SubscribePacket;
import dev.aedes.packet.Subscription;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@link Aedes#handle(java.io.InputStream, java.io.OutputStream)} over in-memory pipes. */
class StreamHandleTest {
  private static final int PIPE_SIZE = 64 * 1024;

  @Test
  void clientOverPipesConnectsSubscribesPublishesAndReceives() throws Exception {
    Aedes aedes = new Aedes();
    PipedOutputStream clientOut = new PipedOutputStream();
    PipedInputStream brokerIn = new PipedInputStream(clientOut, PIPE_SIZE);
    PipedOutputStream brokerOut = new PipedOutputStream();
    PipedInputStream clientIn = new PipedInputStream(brokerOut, PIPE_SIZE);
    Connection client = Connection.client(clientIn, clientOut);
    BlockingQueue<Packet> received = new LinkedBlockingQueue<>();
    client.onPacket(received::add);
    try {
      // CONNECT is already waiting in the pipe when the broker takes the streams: no packet
      // may be read before the broker listens to the connection.
      client.connect(ConnectPacket.of(ProtocolVersion.MQTT_3_1_1, "piped", true, 0));
      await().until(() -> brokerIn.available() > 0);
      Client handled = aedes.handle(brokerIn, brokerOut);
      assertThat(next(received, ConnackPacket.class).returnCode()).isZero();
      await().until(handled::connected);
      assertThat(handled.id()).isEqualTo("piped");

      client.subscribe(new SubscribePacket(1, List.of(new Subscription("pipe/#", 1))));
      assertThat(next(received, SubackPacket.class).granted()).containsExactly(1);
      client.publish(new PublishPacket("pipe/a", "through".getBytes(StandardCharsets.UTF_8),
          1, 5, false));
      // PUBACK for our message and the message itself, in either order
      Packet first = poll(received);
      Packet second = poll(received);
      PublishPacket delivered = (PublishPacket) (first instanceof PublishPacket ? first : second);
      assertThat(first instanceof PubackPacket || second instanceof PubackPacket).isTrue();
      assertThat(delivered.topic()).isEqualTo("pipe/a");
      assertThat(new String(delivered.payload(), StandardCharsets.UTF_8)).isEqualTo("through");
    } finally {
      client.destroy();
      aedes.close().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }
  }

  private static <T extends Packet> T next(BlockingQueue<Packet> queue, Class<T> type)
      throws InterruptedException {
    return type.cast(poll(queue));
  }

  private static Packet poll(BlockingQueue<Packet> queue) throws InterruptedException {
    Packet packet = queue.poll(5, TimeUnit.SECONDS);
    assertThat(packet).as("a packet within 5 s").isNotNull();
    return packet;
  }
}
