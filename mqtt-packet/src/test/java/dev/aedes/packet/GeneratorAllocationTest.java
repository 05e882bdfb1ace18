package dev.aedes.packet;

import static dev.aedes.packet.Fixtures.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link Generator#generate} allocates exactly the packet's size: strings must be written
 * within that room, whatever the allocator (pooled, unpooled, heap or direct).
 */
class GeneratorAllocationTest {
  static Stream<Arguments> allocators() {
    return Stream.of(
        Arguments.of("unpooled heap", new UnpooledByteBufAllocator(false)),
        Arguments.of("unpooled direct", new UnpooledByteBufAllocator(true)),
        Arguments.of("pooled heap", new PooledByteBufAllocator(false)),
        Arguments.of("pooled direct", new PooledByteBufAllocator(true)),
        Arguments.of("default", ByteBufAllocator.DEFAULT));
  }

  static List<Packet> packetsWithStrings() {
    return List.of(
        PublishPacket.of("sensors/room-12/temperature", "x"),
        PublishPacket.of("température/€/𝄞", "x"),
        ConnectPacket.of(4, "client-0001", true, 60)
            .withCredentials("user", "password".getBytes(StandardCharsets.US_ASCII)),
        new SubscribePacket(7, List.of(new Subscription("sensors/+/temperature", 1),
            new Subscription("alerts/#", 0))),
        new UnsubscribePacket(7, List.of("sensors/+/temperature"), Properties.EMPTY));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("allocators")
  void generatedPacketFillsAnExactlySizedBuffer(String name, ByteBufAllocator alloc) {
    for (Packet packet : packetsWithStrings()) {
      ByteBuf generated = Generator.generate(packet, ProtocolVersion.MQTT_3_1_1, alloc);
      try {
        assertThat(generated.readableBytes()).as("size of %s", packet)
            .isEqualTo(Generator.size(packet, ProtocolVersion.MQTT_3_1_1));
        assertThat(Fixtures.parseOne(ProtocolVersion.MQTT_3_1_1, ByteBufUtil.getBytes(generated)))
            .as("round trip").isEqualTo(packet);
      } finally {
        generated.release();
      }
    }
  }

  @Test
  void multiByteTopicLengthCountsBytesNotChars() {
    byte[] generated = Generator.toBytes(PublishPacket.of("é€", ""), ProtocolVersion.MQTT_3_1_1);
    assertThat(generated).isEqualTo(bytes(
        0x30, // PUBLISH, QoS 0
        0x07, // remaining length
        0x00, 0x05, // topic length: 2 + 3 bytes
        0xC3, 0xA9, // é
        0xE2, 0x82, 0xAC)); // €
  }
}
