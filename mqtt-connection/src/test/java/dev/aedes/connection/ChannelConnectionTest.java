package dev.aedes.connection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aedes.packet.ConnackPacket;
import dev.aedes.packet.ConnectPacket;
import dev.aedes.packet.Fixtures;
import dev.aedes.packet.Generator;
import dev.aedes.packet.Packet;
import dev.aedes.packet.PacketException;
import dev.aedes.packet.Parser;
import dev.aedes.packet.PingreqPacket;
import dev.aedes.packet.PingrespPacket;
import dev.aedes.packet.Properties;
import dev.aedes.packet.PubackPacket;
import dev.aedes.packet.PublishPacket;
import dev.aedes.packet.ReasonCode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ChannelConnectionTest {
  private final EmbeddedChannel channel = new EmbeddedChannel();

  @AfterEach
  void releaseChannel() {
    channel.finishAndReleaseAll();
  }

  @Test
  void withoutAutoReadTheChannelReadsOnlyAfterStartReading() {
    Connection connection =
        Connection.server(channel, ConnectionOptions.DEFAULT.withAutoRead(false));
    assertThat(channel.config().isAutoRead()).isFalse();

    connection.startReading();

    assertThat(channel.config().isAutoRead()).isTrue();
  }

  @Test
  void stagesAreInstalledUnderTheirPublicNames() {
    Connection.server(channel);

    assertThat(channel.pipeline().names()).containsSubsequence(
        Connection.DECODER, Connection.ENCODER, Connection.HANDLER);
  }

  @Test
  void serverAnswersAtTheLevelOfTheConnectItReceived() {
    Connection server = Connection.server(channel);
    ConnackPacket connack = new ConnackPacket(false, 0,
        Properties.builder().userProperty("level", "5").build());
    server.onConnect(connect -> server.connack(connack));

    writeInbound(Generator.toBytes(ConnectPacket.of(5, "five", true, 10), 5));

    assertThat(server.protocolVersion()).isEqualTo(5);
    assertThat(readOutbound(5)).containsExactly(connack);
  }

  @Test
  void clientParsesAnswersAtTheLevelOfItsConnect() {
    Connection client = Connection.client(channel);
    PacketRecorder recorder = PacketRecorder.attach(client);
    ConnackPacket connack = new ConnackPacket(true, 0,
        Properties.builder().sessionExpiryInterval(60).build());

    client.connect(ConnectPacket.of(5, "five", false, 10));
    writeInbound(Generator.toBytes(connack, 5));

    assertThat(client.protocolVersion()).isEqualTo(5);
    assertThat(readOutbound(5)).singleElement().isInstanceOf(ConnectPacket.class);
    assertThat(recorder.all()).containsExactly(connack);
  }

  @Test
  void repliesFromListenersAreFlushedOnceAtTheEndOfTheRead() {
    AtomicInteger flushes = countFlushes();
    Connection server = Connection.server(channel);
    server.onPublish(publish -> server.puback(new PubackPacket(publish.messageId())));
    // Three QoS 1 PUBLISH packets arriving in one read.
    writeInbound(concat(publish(1), publish(2), publish(3)));

    assertThat(readOutbound(4)).containsExactly(
        new PubackPacket(1), new PubackPacket(2), new PubackPacket(3));
    assertThat(flushes).hasValue(1);
  }

  @Test
  void packetTheGeneratorRefusesFailsItsCallbackAndTheChannelStaysOpen() {
    Connection client = Connection.client(channel);
    PacketRecorder recorder = PacketRecorder.attach(client);
    WriteCallbacks callbacks = new WriteCallbacks();
    // A wildcard in a PUBLISH topic cannot be sent [MQTT-3.3.2-2].
    PublishPacket wildcard = PublishPacket.of("sport/#", "no");

    client.publish(wildcard, callbacks.named("with callback"));
    client.publish(wildcard);
    client.pingreq(PingreqPacket.INSTANCE);
    channel.runPendingTasks();

    assertThat(callbacks.outcome("with callback")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("wildcard");
    assertThat(recorder.errors()).singleElement().isInstanceOf(IllegalArgumentException.class);
    assertThat(client.isOpen()).isTrue();
    assertThat(readOutbound(4)).containsExactly(PingreqPacket.INSTANCE);
  }

  @Test
  void malformedInputReachesTheErrorListenerAndLaterBytesAreDiscarded() {
    Connection server = Connection.server(channel);
    PacketRecorder recorder = PacketRecorder.attach(server);

    // PINGREQ with flags 0001: reserved flags must be 0000 [MQTT-2.2.2-2].
    writeInbound(Fixtures.bytes(0xC1, 0x00));
    writeInbound(Fixtures.bytes(0xC0, 0x00));

    assertThat(recorder.errors()).singleElement().isInstanceOfSatisfying(PacketException.class,
        e -> assertThat(e.reasonCode()).isEqualTo(ReasonCode.MALFORMED_PACKET));
    assertThat(recorder.all()).isEmpty();
    assertThat(server.isOpen()).as("closing is the listener's decision").isTrue();
  }

  @Test
  void everyPacketListenerRunsBeforeTheListenerOfTheType() {
    Connection server = Connection.server(channel);
    List<String> calls = new ArrayList<>();
    server.onPingreq(ping -> calls.add("pingreq"));
    server.onPacket(packet -> calls.add("packet " + packet.cmd()));
    server.onConnect(connect -> calls.add("connect"));

    writeInbound(Fixtures.bytes(0xC0, 0x00));

    assertThat(calls).containsExactly("packet pingreq", "pingreq");
  }

  @Test
  void listenerThatThrowsIsReportedAndTheNextPacketStillArrives() {
    Connection server = Connection.server(channel);
    PacketRecorder recorder = PacketRecorder.attach(server);
    IllegalStateException bug = new IllegalStateException("listener bug");
    server.onPingreq(ping -> {
      throw bug;
    });

    writeInbound(Fixtures.concat(new int[] {0xC0, 0x00}, new int[] {0xC0, 0x00}));

    assertThat(recorder.errors()).containsExactly(bug, bug);
    assertThat(recorder.all()).hasSize(2);
  }

  @Test
  void closeListenerRunsOnceWhenTheChannelCloses() {
    Connection server = Connection.server(channel);
    PacketRecorder recorder = PacketRecorder.attach(server);

    channel.close();
    server.destroy();

    assertThat(recorder.closes()).isEqualTo(1);
    assertThat(server.isOpen()).isFalse();
    assertThat(server.pingresp(PingrespPacket.INSTANCE)).isFalse();
  }

  private AtomicInteger countFlushes() {
    AtomicInteger flushes = new AtomicInteger();
    channel.pipeline().addFirst(new ChannelOutboundHandlerAdapter() {
      @Override
      public void flush(ChannelHandlerContext ctx) {
        flushes.incrementAndGet();
        ctx.flush();
      }
    });
    return flushes;
  }

  private static byte[] publish(int messageId) {
    return Generator.toBytes(new PublishPacket("t", new byte[] {1}, 1, messageId, false), 4);
  }

  private static byte[] concat(byte[]... parts) {
    ByteBuf all = Unpooled.wrappedBuffer(parts);
    byte[] bytes = new byte[all.readableBytes()];
    all.readBytes(bytes);
    return bytes;
  }

  private void writeInbound(int[] bytes) {
    writeInbound(Fixtures.bytes(bytes));
  }

  private void writeInbound(byte[] bytes) {
    channel.writeInbound(Unpooled.wrappedBuffer(bytes));
  }

  /** Parses everything written so far at {@code version}, releasing the buffers. */
  private List<Packet> readOutbound(int version) {
    List<Packet> packets = new ArrayList<>();
    Parser parser = new Parser(1024, version);
    for (ByteBuf buf; (buf = channel.readOutbound()) != null; ) {
      try {
        parser.parse(buf, packets::add);
      } finally {
        buf.release();
      }
    }
    return packets;
  }
}
