package dev.aedes.packet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aedes.packet.PacketArbitraries.Sample;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AddLifecycleHook;

/**
 * Every valid packet, at every level where its type exists, survives generate-then-parse
 * unchanged: whole, fed in random chunks, and from the generator's own (possibly composite)
 * buffer. Below MQTT 5 the fields the level cannot carry are dropped, never garbled.
 */
@AddLifecycleHook(JqwikLeakCheck.class)
class RoundTripProperties {

  @Provide
  Arbitrary<Sample> packets() {
    return PacketArbitraries.anyPacket();
  }

  @Property(tries = 1000)
  void generatedBytesParseBackToTheSamePacket(@ForAll("packets") Sample sample) {
    byte[] bytes = Generator.toBytes(sample.packet(), sample.version());
    assertThat(Generator.size(sample.packet(), sample.version())).isEqualTo(bytes.length);
    assertThat(Fixtures.parseOne(sample.version(), bytes)).isEqualTo(sample.packet());
  }

  @Property(tries = 1000)
  void generatedBytesFedInRandomChunksParseBackToTheSamePacket(
      @ForAll("packets") Sample sample, @ForAll @IntRange(min = 0, max = 8) int chunk,
      @ForAll Random random) {
    byte[] bytes = Generator.toBytes(sample.packet(), sample.version());
    byte[] twice = new byte[bytes.length * 2];
    System.arraycopy(bytes, 0, twice, 0, bytes.length);
    System.arraycopy(bytes, 0, twice, bytes.length, bytes.length);
    // chunk 0 means random sizes 1..16
    assertThat(Fixtures.feedInChunks(sample.version(), twice, random, chunk))
        .containsExactly(sample.packet(), sample.packet());
  }

  @Property(tries = 1000)
  void generatedBufferParsesBackWithNext(@ForAll("packets") Sample sample) {
    ByteBuf buf = Generator.generate(sample.packet(), sample.version(),
        PooledByteBufAllocator.DEFAULT);
    try {
      Parser parser = Fixtures.parser(sample.version());
      assertThat(parser.next(buf)).isEqualTo(sample.packet());
      assertThat(buf.isReadable()).as("bytes left").isFalse();
      assertThat(parser.next(buf)).isNull();
    } finally {
      buf.release();
    }
  }

  @Provide
  Arbitrary<Packet> mqtt5Packets() {
    return Arbitraries.of(PacketType.PUBLISH, PacketType.PUBACK, PacketType.PUBREC,
            PacketType.PUBREL, PacketType.PUBCOMP, PacketType.SUBSCRIBE, PacketType.UNSUBSCRIBE,
            PacketType.UNSUBACK, PacketType.DISCONNECT)
        .flatMap(type -> PacketArbitraries.packet(type, ProtocolVersion.MQTT_5)
            .map(p -> (Packet) p))
        .filter(p -> !(p instanceof PublishPacket publish) || !publish.topic().isEmpty());
  }

  @Property(tries = 1000)
  void mqtt5OnlyFieldsAreDroppedBelowLevel5(@ForAll("mqtt5Packets") Packet packet,
      @ForAll @IntRange(min = 3, max = 4) int version) {
    byte[] bytes = Generator.toBytes(packet, version);
    assertThat(Fixtures.parseOne(version, bytes)).isEqualTo(withoutMqtt5Fields(packet));
  }

  /** What a 3.1/3.1.1 peer can see of an MQTT 5 packet. */
  private static Packet withoutMqtt5Fields(Packet packet) {
    if (packet instanceof PublishPacket p) {
      return new PublishPacket(p.dup(), p.qos(), p.retain(), p.topic(), p.messageId(),
          p.payload(), Properties.EMPTY);
    } else if (packet instanceof PubackPacket p) {
      return new PubackPacket(p.messageId());
    } else if (packet instanceof PubrecPacket p) {
      return new PubrecPacket(p.messageId(), 0, Properties.EMPTY);
    } else if (packet instanceof PubrelPacket p) {
      return new PubrelPacket(p.messageId(), 0, Properties.EMPTY);
    } else if (packet instanceof PubcompPacket p) {
      return new PubcompPacket(p.messageId(), 0, Properties.EMPTY);
    } else if (packet instanceof SubscribePacket p) {
      return new SubscribePacket(p.messageId(), p.subscriptions().stream()
          .map(s -> new Subscription(s.topic(), s.qos())).toList());
    } else if (packet instanceof UnsubscribePacket p) {
      return new UnsubscribePacket(p.messageId(), p.unsubscriptions());
    } else if (packet instanceof UnsubackPacket p) {
      return new UnsubackPacket(p.messageId());
    } else if (packet instanceof DisconnectPacket) {
      return DisconnectPacket.NORMAL;
    }
    throw new IllegalArgumentException("not covered: " + packet);
  }

  @Property(tries = 200)
  void aStreamOfMixedPacketsParsesInOrder(@ForAll("streams") List<Sample> samples,
      @ForAll Random random) {
    int version = samples.get(0).version();
    List<Packet> packets = samples.stream().map(Sample::packet).toList();
    byte[][] parts = packets.stream().map(p -> Generator.toBytes(p, version))
        .toArray(byte[][]::new);
    int length = 0;
    for (byte[] part : parts) {
      length += part.length;
    }
    byte[] all = new byte[length];
    int at = 0;
    for (byte[] part : parts) {
      System.arraycopy(part, 0, all, at, part.length);
      at += part.length;
    }
    assertThat(Fixtures.feedInChunks(version, all, random, 0)).containsExactlyElementsOf(packets);
  }

  /** Several packets of one level, none a CONNECT (which would switch the level). */
  @Provide
  Arbitrary<List<Sample>> streams() {
    return Arbitraries.of(3, 4, 5).flatMap(version -> Arbitraries.of(PacketType.values())
        .filter(t -> t != PacketType.CONNECT && (t != PacketType.AUTH || version == 5))
        .flatMap(t -> PacketArbitraries.packet(t, version).map(p -> new Sample(version, p)))
        .list().ofMinSize(1).ofMaxSize(6));
  }
}
