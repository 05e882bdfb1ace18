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
