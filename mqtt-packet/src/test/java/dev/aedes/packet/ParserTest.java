package dev.aedes.packet;

import static dev.aedes.packet.Fixtures.assertFixture;
import static dev.aedes.packet.Fixtures.assertMalformed;
import static dev.aedes.packet.Fixtures.bytes;
import static dev.aedes.packet.Fixtures.parseOne;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Framing ([MQTT 5.0] 2.1, 1.5.5): the fixed header and Remaining Length, the size limit,
 * incremental input, the level switch on CONNECT and the stream-mode buffer.
 */
class ParserTest {
  private static final int MAX = Parser.MAX_PACKET_SIZE;

  /** [MQTT 5.0] 1.5.5: each length byte carries 7 bits; bit 7 says another byte follows. */
  static Stream<Arguments> remainingLengthBoundaries() {
    return Stream.of(
        Arguments.of(127, new int[] {0x7F}), // largest one-byte value
        Arguments.of(128, new int[] {0x80, 0x01}), // smallest two-byte value
        Arguments.of(16_383, new int[] {0xFF, 0x7F}), // largest two-byte value
        Arguments.of(16_384, new int[] {0x80, 0x80, 0x01}), // smallest three-byte value
        Arguments.of(2_097_151, new int[] {0xFF, 0xFF, 0x7F}), // largest three-byte value
        Arguments.of(2_097_152, new int[] {0x80, 0x80, 0x80, 0x01})); // smallest four-byte
  }

  @ParameterizedTest(name = "remaining length {0}")
  @MethodSource("remainingLengthBoundaries")
  void remainingLengthAtItsEncodingBoundaries(int remainingLength, int[] lengthBytes) {
    // A QoS 0 PUBLISH to "t" at level 4: 3 bytes of topic, the rest payload.
    byte[] payload = new byte[remainingLength - 3];
    for (int i = 0; i < payload.length; i++) {
      payload[i] = (byte) i;
    }
    PublishPacket packet = new PublishPacket("t", payload, 0, 0, false);
    byte[] header = bytes(Fixtures.concat(
        new int[] {0x30}, // type 3, QoS 0
        lengthBytes, // remaining length
        new int[] {0x00, 0x01, 't'})); // topic "t"
    byte[] all = new byte[header.length + payload.length];
    System.arraycopy(header, 0, all, 0, header.length);
    System.arraycopy(payload, 0, all, header.length, payload.length);
    if (remainingLength < 20_000) {
      assertFixture(4, packet, all);
      return;
    }
    assertThat(Generator.toBytes(packet, 4)).isEqualTo(all);
    assertThat(Generator.size(packet, 4)).isEqualTo(all.length);
    assertThat(parseOne(4, all)).isEqualTo(packet);
    // The length bytes one at a time, then the rest at once.
    List<Packet> packets = new ArrayList<>();
    Parser parser = new Parser(MAX, 4);
    try {
      for (int i = 0; i <= lengthBytes.length; i++) {
        parser.feed(all, i, 1, packets::add);
      }
      int at = lengthBytes.length + 1;
      parser.feed(all, at, all.length - at, packets::add);
    } finally {
      parser.release();
    }
    assertThat(packets).containsExactly(packet);
  }

  @Test
  void largestRemainingLengthWaitsForItsBody() {
    Parser parser = new Parser(MAX, 4);
    try {
      parser.feed(bytes(0x30, 0xFF, 0xFF, 0xFF, 0x7F), p -> { }); // 268,435,455
      assertThat(parser.buffered()).isEqualTo(5);
    } finally {
      parser.release();
    }
  }

  @Test
  void fifthRemainingLengthByteIsMalformed() {
    // [MQTT 5.0] 1.5.5: a Variable Byte Integer has at most four bytes
    assertMalformed(4, bytes(0x30, 0x80, 0x80, 0x80, 0x80, 0x01), ReasonCode.MALFORMED_PACKET);
  }

  @Test
  void remainingLengthNotInShortestFormIsMalformed() {
    // [MQTT-1.5.5-1] 0 written as 0x80 0x00, 127 as 0xFF 0x80 0x00
    assertMalformed(4, bytes(0xC0, 0x80, 0x00), ReasonCode.MALFORMED_PACKET);
    assertMalformed(4, bytes(0x30, 0xFF, 0x80, 0x00), ReasonCode.MALFORMED_PACKET);
  }

  @ParameterizedTest(name = "level {0}")
  @ValueSource(ints = {3, 4, 5})
  void packetTypeZeroIsMalformed(int version) {
    // [MQTT 5.0] 2.1.2: type 0 is reserved
    assertMalformed(version, bytes(0x00, 0x00), ReasonCode.MALFORMED_PACKET);
  }

  @ParameterizedTest(name = "level {0}")
  @ValueSource(ints = {3, 4})
  void authBeforeMqtt5IsMalformed(int version) {
    // [MQTT 3.1.1] 2.2.1: type 15 is reserved
    assertMalformed(version, bytes(0xF0, 0x00), ReasonCode.MALFORMED_PACKET);
  }

  @Test
  void authAtMqtt5IsAPacket() {
    // [MQTT 5.0] 3.15.2.1: remaining length 0 means success without properties
    assertFixture(5, new AuthPacket(0, Properties.EMPTY), bytes(0xF0, 0x00));
  }

  @Test
  void oversizedPacketIsRefusedFromItsFixedHeader() {
    Parser parser = new Parser(100, 4);
    try {
      parser.feed(bytes(0x30), p -> { }); // type 3: the length is not known yet
      parser.feed(bytes(0x80), p -> { }); // a continuation byte: still not known
      assertTooLarge(() -> parser.feed(bytes(0x01), p -> { })); // 128: 131 bytes in all
      assertThat(parser.buffered()).isZero();
    } finally {
      parser.release();
    }
  }

  @Test
  void packetOfExactlyTheLimitIsAccepted() {
    Parser parser = new Parser(10, 4);
    List<Packet> packets = new ArrayList<>();
    try {
      parser.feed(bytes(0x30, 0x08, 0x00, 0x01, 't', 1, 2, 3, 4, 5), packets::add); // 10 bytes
      assertTooLarge(() -> parser.feed(bytes(0x30, 0x09), p -> { })); // 11 bytes
    } finally {
      parser.release();
    }
    assertThat(packets).containsExactly(new PublishPacket("t", bytes(1, 2, 3, 4, 5), 0, 0, false));
  }

  @Test
  void nextRefusesOversizedPacketWithOnlyTheHeaderBuffered() {
    ByteBuf in = Unpooled.wrappedBuffer(bytes(0x30, 0xFF, 0xFF, 0xFF, 0x7F));
    try {
      assertTooLarge(() -> new Parser(1024, 5).next(in));
    } finally {
      in.release();
    }
  }

  @Test
  void nextReturnsNullAndLeavesPartialInputUnread() {
    Parser parser = new Parser(MAX, 4);
    ByteBuf in = Unpooled.buffer();
    try {
      assertThat(parser.next(in)).isNull(); // nothing at all
      in.writeBytes(bytes(0xC0)); // a PINGREQ, then a PUBACK
      in.writeBytes(bytes(0x00));
      in.writeBytes(bytes(0x40)); // PUBACK type
      assertThat(parser.next(in)).isEqualTo(PingreqPacket.INSTANCE);
      assertThat(in.readerIndex()).isEqualTo(2);
      assertThat(parser.next(in)).isNull(); // no length byte yet
      in.writeBytes(bytes(0x02, 0x00)); // length 2, half the packet identifier
      assertThat(parser.next(in)).isNull();
      assertThat(in.readerIndex()).isEqualTo(2);
      assertThat(in.readableBytes()).isEqualTo(3);
      in.writeBytes(bytes(0x2A)); // the rest of packet identifier 42
      assertThat(parser.next(in)).isEqualTo(new PubackPacket(42));
      assertThat(in.readerIndex()).isEqualTo(6);
      assertThat(in.isReadable()).isFalse();
    } finally {
      in.release();
    }
  }

  @Test
  void parseHandsOverWholePacketsAndKeepsTheTail() {
    ByteBuf in = Unpooled.wrappedBuffer(bytes(
        0xC0, 0x00, // PINGREQ
        0xD0, 0x00, // PINGRESP
        0x40, 0x02, 0x00)); // PUBACK cut inside its packet identifier
    List<Packet> packets = new ArrayList<>();
    try {
      new Parser(MAX, 4).parse(in, packets::add);
      assertThat(packets).containsExactly(PingreqPacket.INSTANCE, PingrespPacket.INSTANCE);
      assertThat(in.readerIndex()).isEqualTo(4);
    } finally {
      in.release();
    }
  }

  @Test
  void afterAnErrorFeedKeepsThrowing() {
    Parser parser = new Parser(MAX, 4);
    List<Packet> packets = new ArrayList<>();
    try {
      PacketException first = feedExpectingError(parser, bytes(
          0xC0, 0x00, // PINGREQ, delivered before the error
          0x00, 0x00), packets); // type 0
      assertThat(first.reasonCode()).isEqualTo(ReasonCode.MALFORMED_PACKET);
      assertThat(packets).containsExactly(PingreqPacket.INSTANCE);
      assertThat(parser.buffered()).isZero();
      assertThat(feedExpectingError(parser, bytes(0xC0, 0x00), packets)).isSameAs(first);
      assertThat(packets).hasSize(1);
    } finally {
      parser.release();
    }
  }

  @Test
  void connectAtMqtt5SwitchesTheParserToMqtt5() {
    byte[] stream = bytes(
        0x10, // CONNECT, flags 0
        0x0E, // remaining length 14
        0x00, 0x04, 'M', 'Q', 'T', 'T', // protocol name [MQTT 5.0] 3.1.2.1
        0x05, // protocol level 5
        0x02, // connect flags: clean start
        0x00, 0x3C, // keep alive 60
        0x00, // property length 0
        0x00, 0x01, 'c', // client identifier "c"
        0x40, // PUBACK, flags 0
        0x03, // remaining length 3: valid only at level 5
        0x00, 0x01, // packet identifier 1
        0x10); // reason code No matching subscribers
    Parser parser = new Parser(MAX, 4);
    List<Packet> packets = new ArrayList<>();
    try {
      parser.feed(stream, packets::add); // both packets in one chunk
    } finally {
      parser.release();
    }
    assertThat(parser.protocolVersion()).isEqualTo(5);
    assertThat(packets).containsExactly(ConnectPacket.of(5, "c", true, 60),
        new PubackPacket(1, 0x10, Properties.EMPTY));
  }

  @Test
  void connectAtMqtt31SwitchesTheParserToLevel3() {
    byte[] connect = bytes(
        0x10, // CONNECT, flags 0
        0x0F, // remaining length 15
        0x00, 0x06, 'M', 'Q', 'I', 's', 'd', 'p', // protocol name [MQTT 3.1] 3.1
        0x03, // protocol version 3
        0x02, // connect flags: clean session
        0x00, 0x3C, // keep alive 60
        0x00, 0x01, 'c'); // client identifier "c"
    Parser parser = new Parser(MAX, 5);
    List<Packet> packets = new ArrayList<>();
    try {
      parser.feed(connect, packets::add);
    } finally {
      parser.release();
    }
    assertThat(parser.protocolVersion()).isEqualTo(3);
    assertThat(packets).containsExactly(ConnectPacket.of(3, "c", true, 60));
  }

  @Test
  void bufferedCountsHeldBytesAndReleaseDropsThem() {
    Parser parser = new Parser(MAX, 4);
    List<Packet> packets = new ArrayList<>();
    try {
      assertThat(parser.buffered()).isZero();
      byte[] part = bytes(0x40, 0x02, 0x00); // PUBACK cut inside its packet identifier
      parser.feed(part, packets::add);
      part[2] = 0x7F; // the parser copied the chunk: changing it now changes nothing
      assertThat(parser.buffered()).isEqualTo(3);
      parser.feed(bytes(0x2A), packets::add);
      assertThat(packets).containsExactly(new PubackPacket(42));
      assertThat(parser.buffered()).isZero();
      parser.feed(part, packets::add);
      parser.release();
      assertThat(parser.buffered()).isZero();
      parser.release(); // twice is harmless
      parser.feed(bytes(0xD0, 0x00), packets::add); // usable again, from a clean start
      assertThat(packets).containsExactly(new PubackPacket(42), PingrespPacket.INSTANCE);
    } finally {
      parser.release();
    }
  }

  @ParameterizedTest(name = "level {0}")
  @ValueSource(ints = {3, 4, 5})
  void mixedStreamInRandomChunksComesOutInOrder(int version) {
    List<Packet> sent = MixedStream.packets(version);
    byte[] stream = MixedStream.bytes(sent, version);
    Random random = new Random(version);
    // Every parser starts at level 4; the CONNECT opening the stream sets the level.
    assertThat(Fixtures.feedInChunks(4, stream, random, 1)).as("byte by byte")
        .containsExactlyElementsOf(sent);
    for (int round = 0; round < 10; round++) {
      assertThat(Fixtures.feedInChunks(4, stream, random, 0)).as("round %d", round)
          .containsExactlyElementsOf(sent);
    }
  }

  private static void assertTooLarge(ThrowingCallable call) {
    assertThatThrownBy(call).isInstanceOf(PacketException.class)
        .extracting(e -> ((PacketException) e).reasonCode())
        .isEqualTo(ReasonCode.PACKET_TOO_LARGE);
  }

  private static PacketException feedExpectingError(Parser parser, byte[] bytes,
      List<Packet> packets) {
    try {
      parser.feed(bytes, packets::add);
    } catch (PacketException e) {
      return e;
    }
    throw new AssertionError("no PacketException");
  }
}
