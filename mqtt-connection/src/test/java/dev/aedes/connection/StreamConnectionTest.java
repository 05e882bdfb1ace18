package dev.aedes.connection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aedes.packet.ConnectPacket;
import dev.aedes.packet.Fixtures;
import dev.aedes.packet.Generator;
import dev.aedes.packet.PacketException;
import dev.aedes.packet.PingreqPacket;
import dev.aedes.packet.PingrespPacket;
import dev.aedes.packet.ProtocolVersion;
import dev.aedes.packet.PublishPacket;
import dev.aedes.packet.ReasonCode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StreamConnectionTest {
  private final StreamPair pipes = new StreamPair();
  private final List<Connection> connections = new ArrayList<>();

  @AfterEach
  void destroyConnections() {
    connections.forEach(Connection::destroy);
  }

  @ParameterizedTest(name = "MQTT level {0}")
  @ValueSource(ints = {ProtocolVersion.MQTT_3_1_1, ProtocolVersion.MQTT_5})
  void wholeConversationRunsOverAStreamPair(int version) {
    PacketRecorder server = PacketRecorder.attach(
        open(Connection.server(pipes.serverIn, pipes.serverOut)));
    PacketRecorder client = PacketRecorder.attach(
        open(Connection.client(pipes.clientIn, pipes.clientOut)));

    Conversation.run(client, server, version);

    assertThat(client.connection().channel()).isNull();
    assertThat(client.connection().remoteAddress()).isNull();
  }

  @Test
  void withoutAutoReadNothingIsReadUntilStartReading() throws IOException {
    Connection connection = open(Connection.server(pipes.serverIn, pipes.serverOut,
        ConnectionOptions.DEFAULT.withAutoRead(false)));
    byte[] connect = Generator.toBytes(ConnectPacket.of(4, "early", true, 0), 4);
    writeRaw(connect);

    // The bytes wait in the stream: nobody has read them, so no listener could miss them.
    assertThat(pipes.serverIn.available()).isEqualTo(connect.length);
    PacketRecorder server = PacketRecorder.attach(connection);
    connection.startReading();
    connection.startReading(); // a second call changes nothing

    assertThat(server.next(ConnectPacket.class).clientId()).isEqualTo("early");
  }

  @Test
  void malformedBytesReachTheErrorListenerWithTheirReasonCodeAndParsingStops() throws IOException {
    PacketRecorder server = PacketRecorder.attach(
        open(Connection.server(pipes.serverIn, pipes.serverOut)));
    writeRaw(Generator.toBytes(ConnectPacket.of(4, "raw", true, 0), 4));
    server.next(ConnectPacket.class);

    // PINGREQ with flags 0001: reserved flags must be 0000 [MQTT-2.2.2-2].
    writeRaw(0xC1, 0x00);
    PacketRecorder.waiting("an error").until(() -> !server.errors().isEmpty());
    assertThat(server.errors()).singleElement().isInstanceOfSatisfying(PacketException.class,
        e -> assertThat(e.reasonCode()).isEqualTo(ReasonCode.MALFORMED_PACKET));

    // A valid PINGREQ after the fault is discarded unread; the end of stream shows it was read.
    writeRaw(0xC0, 0x00);
    pipes.clientOut.close();
    server.awaitClosed();
    assertThat(server.all()).singleElement().isInstanceOf(ConnectPacket.class);
    assertThat(server.errors()).hasSize(1);
  }

  @Test
  void packetLargerThanTheLimitIsRefusedAsPacketTooLarge() throws IOException {
    ConnectionOptions small = ConnectionOptions.DEFAULT.withMaxPacketSize(64);
    PacketRecorder server = PacketRecorder.attach(
        open(Connection.server(pipes.serverIn, pipes.serverOut, small)));
    PublishPacket big = new PublishPacket("big", new byte[100], 0, 0, false);

    writeRaw(Generator.toBytes(big, 4));

    PacketRecorder.waiting("an error").until(() -> !server.errors().isEmpty());
    assertThat(server.errors()).singleElement().isInstanceOfSatisfying(PacketException.class,
        e -> assertThat(e.reasonCode()).isEqualTo(ReasonCode.PACKET_TOO_LARGE));
    assertThat(server.all()).isEmpty();
  }

  @Test
  void endOfStreamClosesTheConnectionOnceWithoutAnError() throws IOException {
    PacketRecorder server = PacketRecorder.attach(
        open(Connection.server(pipes.serverIn, pipes.serverOut)));

    pipes.clientOut.close();

    server.awaitClosed();
    server.connection().destroy();
    assertThat(server.closes()).isEqualTo(1);
    assertThat(server.errors()).isEmpty();
    assertThat(server.connection().isOpen()).isFalse();
  }

  @Test
  void readErrorIsReportedThenTheConnectionClosesOnce() {
    IOException failure = new IOException("connection reset");
    CountDownLatch listening = new CountDownLatch(1);
    InputStream broken = new InputStream() {
      @Override
      public int read() throws IOException {
        try {
          // Fails only once the listeners are attached, so the test sees the error.
          listening.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          throw new InterruptedIOException();
        }
        throw failure;
      }
    };
    PacketRecorder server = PacketRecorder.attach(
        open(Connection.server(broken, new ByteArrayOutputStream())));

    listening.countDown();

    server.awaitClosed();
    assertThat(server.errors()).containsExactly(failure);
    assertThat(server.closes()).isEqualTo(1);
  }

  @Test
  void packetTheGeneratorRefusesFailsItsCallbackAndTheConnectionGoesOn() {
    PacketRecorder server = PacketRecorder.attach(
        open(Connection.server(pipes.serverIn, pipes.serverOut)));
    PacketRecorder client = PacketRecorder.attach(
        open(Connection.client(pipes.clientIn, pipes.clientOut)));
    WriteCallbacks callbacks = new WriteCallbacks();
    // A wildcard in a PUBLISH topic cannot be sent [MQTT-3.3.2-2].
    PublishPacket wildcard = PublishPacket.of("sport/+", "no");

    client.connection().publish(wildcard, callbacks.named("wildcard"));
    client.connection().publish(wildcard);
    client.connection().pingreq(PingreqPacket.INSTANCE, callbacks.named("ping"));

    assertThat(callbacks.outcome("wildcard")).isInstanceOf(IllegalArgumentException.class);
    assertThat(client.errors()).singleElement().isInstanceOf(IllegalArgumentException.class);
    server.next(PingreqPacket.class);
    assertThat(callbacks.outcome("ping")).isNull();
    assertThat(client.connection().isOpen()).isTrue();
  }

  @Test
  void writeAfterDestroyFailsWithClosedChannel() {
    Connection server = open(Connection.server(pipes.serverIn, pipes.serverOut));
    WriteCallbacks callbacks = new WriteCallbacks();
    server.destroy();

    boolean writable = server.pingresp(PingrespPacket.INSTANCE, callbacks.named("late"));

    assertThat(writable).isFalse();
    assertThat(callbacks.outcome("late")).isInstanceOf(ClosedChannelException.class);
  }

  /** Writes as a peer would, flushed so the pipe wakes its reader at once. */
  private void writeRaw(byte[] bytes) throws IOException {
    pipes.clientOut.write(bytes);
    pipes.clientOut.flush();
  }

  private void writeRaw(int... bytes) throws IOException {
    writeRaw(Fixtures.bytes(bytes));
  }

  private Connection open(Connection connection) {
    connections.add(connection);
    return connection;
  }
}
