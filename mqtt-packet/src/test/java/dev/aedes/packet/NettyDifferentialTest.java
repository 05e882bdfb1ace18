package dev.aedes.packet;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Differential test against Netty's netty-codec-mqtt as an independent MQTT codec: what Netty
 * encodes our parser reads with the same fields, and what our generator writes Netty's
 * MqttDecoder reads with the same fields, for 3.1.1 and 5.0. Fields are compared, not bytes,
 * where both sides may write optional parts differently (see
 * {@link #bothCodecsWriteTheSameBytesButNettyKeepsAnEmptyPropertyLength}).
 */
class NettyDifferentialTest {
  /**
   * Netty keeps the protocol level in this channel attribute (MqttCodecUtil.MQTT_VERSION_KEY,
   * package-private in 4.2; its decoder sets it from CONNECT). AttributeKey.valueOf returns
   * the same key for the same name.
   */
  private static final AttributeKey<MqttVersion> NETTY_MQTT_VERSION =
      AttributeKey.valueOf("NETTY_CODEC_MQTT_VERSION");

  static Stream<Arguments> samples() {
    return Stream.of(ProtocolVersion.MQTT_3_1_1, ProtocolVersion.MQTT_5).flatMap(version ->
        NettySamples.packets(version).stream().map(packet -> Arguments.of(version, packet)));
  }

  @ParameterizedTest(name = "level {0}: {1}")
  @MethodSource("samples")
  void nettyEncodedPacketParsesToTheSameFields(int version, Packet packet) {
    byte[] nettyBytes = nettyEncode(NettyTranslation.toNetty(packet, version), version);
    assertThat(Fixtures.parseOne(version, nettyBytes)).as("parsed %s", hex(nettyBytes))
        .isEqualTo(packet);
  }

  @ParameterizedTest(name = "level {0}: {1}")
  @MethodSource("samples")
  void generatedPacketDecodesInNettyToTheSameFields(int version, Packet packet) {
    byte[] ourBytes = Generator.toBytes(packet, version);
    EmbeddedChannel channel = channel(version);
    try {
      channel.writeInbound(Unpooled.wrappedBuffer(ourBytes));
      MqttMessage decoded = channel.readInbound();
      try {
        assertThat(decoded).as("Netty decoded %s", hex(ourBytes)).isNotNull();
        assertThat(decoded.decoderResult().cause()).as("Netty's error").isNull();
        assertThat(NettyTranslation.fromNetty(decoded)).isEqualTo(packet);
      } finally {
        ReferenceCountUtil.release(decoded);
      }
      assertThat((Object) channel.readInbound()).isNull();
    } finally {
      channel.finishAndReleaseAll();
    }
  }

  /**
   * Packets without properties: both codecs write MQTT 5 properties in an order of their own
   * (Netty in its map's order, we in identifier order), which the spec leaves open
   * ([MQTT 5.0] 2.2.2.2), so packets with properties are compared by fields only.
   */
  static Stream<Arguments> samplesWithoutProperties() {
    return samples().filter(arguments -> {
      Packet packet = (Packet) arguments.get()[1];
      Will will = packet instanceof ConnectPacket connect ? connect.will() : null;
      return packet.properties().isEmpty() && (will == null || will.properties().isEmpty());
    });
  }

  @ParameterizedTest(name = "level {0}: {1}")
  @MethodSource("samplesWithoutProperties")
  void bothCodecsWriteTheSameBytesButNettyKeepsAnEmptyPropertyLength(int version, Packet packet) {
    byte[] nettyBytes = nettyEncode(NettyTranslation.toNetty(packet, version), version);
    byte[] ourBytes = Generator.toBytes(packet, version);
    if (nettyAddsEmptyPropertyLength(version, packet)) {
      // Netty writes reason code + Property Length 0; we stop after the reason code, as
      // [MQTT 5.0] 3.4.2.2.1 / 3.14.2.2.1 allow ("If the Remaining Length is less than 4
      // there is no Property Length and the value of 0 is used"). Both decode the same.
      byte[] expected = new byte[ourBytes.length + 1];
      System.arraycopy(ourBytes, 0, expected, 0, ourBytes.length);
      expected[1]++; // remaining length, one byte here
      assertThat(hex(nettyBytes)).isEqualTo(hex(expected));
    } else {
      assertThat(hex(nettyBytes)).isEqualTo(hex(ourBytes));
    }
  }

  /** An MQTT 5 acknowledgement or DISCONNECT with a non-zero reason code and no properties. */
  private static boolean nettyAddsEmptyPropertyLength(int version, Packet packet) {
    if (version < ProtocolVersion.MQTT_5 || !packet.properties().isEmpty()) {
      return false;
    }
    int reasonCode = packet instanceof PubackPacket p ? p.reasonCode()
        : packet instanceof PubrecPacket p ? p.reasonCode()
        : packet instanceof PubrelPacket p ? p.reasonCode()
        : packet instanceof PubcompPacket p ? p.reasonCode()
        : packet instanceof DisconnectPacket p ? p.reasonCode()
        : packet instanceof AuthPacket p ? p.reasonCode()
        : 0;
    return reasonCode != 0;
  }

  /**
   * Inputs Netty 4.2's MqttDecoder accepts (found by a differential fuzz run: wherever we
   * accepted a mutant, Netty accepted it with the same fields, but not the other way round)
   * and the spec forbids. Netty does not check reserved bits, trailing bytes, reason codes,
   * Variable Byte Integer minimality or property bounds; we refuse as the cited rules demand.
   */
  static Stream<Arguments> inputsNettyAcceptsButTheSpecForbids() {
    return Stream.of(
        // PUBLISH with an empty topic name [MQTT-4.7.3-1]
        Arguments.of(4, "30020000", ReasonCode.MALFORMED_PACKET),
        // PUBREL whose Reason String runs past the Property Length (2) [MQTT 5.0 2.2.2.1]
        Arguments.of(5, "620a000300021f0003616263", ReasonCode.MALFORMED_PACKET),
        // PUBACK with Remaining Length 2 written in two bytes [MQTT-1.5.5-1]
        Arguments.of(4, "4082000001", ReasonCode.MALFORMED_PACKET),
        // 3.1.1 PUBACK with a byte after the packet identifier [MQTT 3.1.1 3.4.1]
        Arguments.of(4, "4003000100", ReasonCode.MALFORMED_PACKET),
        // CONNACK with a reserved acknowledge flag set [MQTT-3.2.2-1]
        Arguments.of(4, "20020200", ReasonCode.MALFORMED_PACKET),
        // CONNACK with Session Present and a refusal [MQTT-3.2.2-4]
        Arguments.of(4, "20020105", ReasonCode.MALFORMED_PACKET),
        // 3.1.1 SUBSCRIBE with reserved option bits set [MQTT-3-8.3-4]
        Arguments.of(4, "8206000100016104", ReasonCode.MALFORMED_PACKET),
        // CONNECT with Will QoS 1 but no Will Flag [MQTT-3.1.2-13]
        Arguments.of(4, "100e00044d5154540408003c00026964", ReasonCode.MALFORMED_PACKET),
        // CONNACK with Retain Available 2 [MQTT 5.0 3.2.2.3.5]
        Arguments.of(5, "20050000022502", ReasonCode.PROTOCOL_ERROR),
        // AUTH with reason code 0x80, which AUTH cannot carry [MQTT 5.0 3.15.2.1]
        Arguments.of(5, "f0028000", ReasonCode.MALFORMED_PACKET),
        // SUBACK without any return code [MQTT 3.1.1 3.9.3]
        Arguments.of(4, "90020001", ReasonCode.MALFORMED_PACKET));
  }

  @ParameterizedTest(name = "level {0}: {1}")
  @MethodSource("inputsNettyAcceptsButTheSpecForbids")
  void weRefuseWhatNettyLetsThrough(int version, String hex, ReasonCode reasonCode) {
    Fixtures.assertMalformed(version, ByteBufUtil.decodeHexDump(hex), reasonCode);
  }

  private static byte[] nettyEncode(MqttMessage message, int version) {
    EmbeddedChannel channel = channel(version);
    try {
      assertThat(channel.writeOutbound(message)).isTrue();
      ByteBuf out = Unpooled.buffer();
      try {
        ByteBuf part;
        while ((part = channel.readOutbound()) != null) {
          out.writeBytes(part);
          part.release();
        }
        return ByteBufUtil.getBytes(out);
      } finally {
        out.release();
      }
    } finally {
      channel.finishAndReleaseAll();
    }
  }

  private static EmbeddedChannel channel(int version) {
    EmbeddedChannel channel = new EmbeddedChannel(MqttEncoder.INSTANCE, new MqttDecoder());
    channel.attr(NETTY_MQTT_VERSION).set(version == ProtocolVersion.MQTT_5
        ? MqttVersion.MQTT_5 : MqttVersion.MQTT_3_1_1);
    return channel;
  }

  private static String hex(byte[] bytes) {
    return ByteBufUtil.hexDump(bytes);
  }
}
