package dev.aedes.packet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aedes.packet.PacketArbitraries.Sample;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Example;
import net.jqwik.api.lifecycle.AddLifecycleHook;

/**
 * Feeds the parser 100,000 mutants of valid packets (byte flips, inserted and deleted bytes,
 * truncation, random Remaining Length, concatenations), whole and in random chunks. Every
 * outcome must be a packet or a {@link PacketException}; anything else fails with the input in
 * hex. A packet the parser accepts must also survive the generator and parse back equal.
 * A jqwik container, so that the corpus can come from {@link PacketArbitraries} with a fixed seed.
 * Under the paranoid leak detector every access to a tracked buffer records a stack trace, so
 * most parsing runs {@link Parser#next} on untracked heap buffers (as Netty's
 * ByteToMessageDecoder would, chunk by chunk); stream mode ({@link Parser#feed}, whose
 * cumulation is tracked) runs on every twentieth mutant.
 */
@AddLifecycleHook(JqwikLeakCheck.class)
class ParserFuzzTest {
  private static final long SEED = 0x5EED_2024L;
  private static final int MUTANTS = 100_000;
  private static final int CORPUS_PER_TYPE_AND_LEVEL = 12;
  /** Stream mode runs on every twentieth mutant only (see the class comment). */
  private static final int FEED_EVERY = 20;

  @Example
  void mutatedPacketsParseOrFailWithPacketException() {
    Random random = new Random(SEED);
    List<Sample> corpus = corpus(random);
    List<byte[]> encoded = corpus.stream()
        .map(s -> Generator.toBytes(s.packet(), s.version())).toList();
    int accepted = 0;
    int refused = 0;
    for (int i = 0; i < MUTANTS; i++) {
      int index = random.nextInt(corpus.size());
      int version = corpus.get(index).version();
      byte[] input = FuzzMutations.mutate(encoded.get(index), encoded, random);
      Outcome whole = parseWhole(version, input);
      Outcome chunked = parseInChunks(version, input, random);
      assertThat(chunked).as("chunked vs whole for %s", hex(input)).isEqualTo(whole);
      if (i % FEED_EVERY == 0) {
        Outcome fed = feedInChunks(version, input, random);
        assertThat(fed).as("feed vs whole for %s", hex(input)).isEqualTo(whole);
      }
      for (int k = 0; k < whole.packets().size(); k++) {
        checkRegenerates(whole.packets().get(k), whole.versions().get(k), input);
      }
      if (whole.failure() == null) {
        accepted++;
      } else {
        refused++;
      }
    }
    // The mutations must exercise both sides, or the fuzz is testing nothing.
    assertThat(accepted).isGreaterThan(MUTANTS / 100);
    assertThat(refused).isGreaterThan(MUTANTS / 4);
  }

  /** Valid packets of every type at every level, drawn from the jqwik arbitraries. */
  private static List<Sample> corpus(Random random) {
    List<Sample> corpus = new ArrayList<>();
    for (int version : PacketArbitraries.LEVELS) {
      for (PacketType type : PacketType.values()) {
        if (type == PacketType.AUTH && version < ProtocolVersion.MQTT_5) {
          continue;
        }
        var generator = PacketArbitraries.packet(type, version).generator(100);
        for (int i = 0; i < CORPUS_PER_TYPE_AND_LEVEL; i++) {
          corpus.add(new Sample(version, generator.next(random).value()));
        }
      }
    }
    return corpus;
  }

  /**
   * What the parser made of an input: the packets before the first error, the error's class
   * and reason code, the bytes left waiting, and the level after each CONNECT.
   */
  record Outcome(List<Packet> packets, String failure, int buffered, List<Integer> versions) {
  }

  /** Chunks of 1..9 bytes appended to an untracked cumulation, drained with next(). */
  private static Outcome parseInChunks(int version, byte[] input, Random random) {
    List<Packet> packets = new ArrayList<>();
    List<Integer> versions = new ArrayList<>();
    Parser parser = Fixtures.parser(version);
    ByteBuf cumulation = Unpooled.buffer(input.length);
    try {
      int at = 0;
      while (at < input.length) {
        int n = Math.min(input.length - at, 1 + random.nextInt(9));
        cumulation.writeBytes(input, at, n);
        at += n;
        Packet packet;
        while ((packet = parser.next(cumulation)) != null) {
          packets.add(packet);
          versions.add(parser.protocolVersion());
        }
      }
      return new Outcome(packets, null, cumulation.readableBytes(), versions);
    } catch (PacketException e) {
      return new Outcome(packets, "PacketException " + e.reasonCode(), 0, versions);
    } catch (Throwable t) {
      throw new AssertionError("parser threw " + t + " for " + hex(input), t);
    } finally {
      cumulation.release();
    }
  }

  /** Stream mode: {@link Parser#feed} in chunks of 1..9 bytes, then {@link Parser#release}. */
  private static Outcome feedInChunks(int version, byte[] input, Random random) {
    List<Packet> packets = new ArrayList<>();
    List<Integer> versions = new ArrayList<>();
    Parser parser = Fixtures.parser(version);
    try {
      int at = 0;
      while (at < input.length) {
        int n = Math.min(input.length - at, 1 + random.nextInt(9));
        parser.feed(input, at, n, p -> {
          packets.add(p);
          versions.add(parser.protocolVersion());
        });
        at += n;
      }
      return new Outcome(packets, null, parser.buffered(), versions);
    } catch (PacketException e) {
      return new Outcome(packets, "PacketException " + e.reasonCode(), 0, versions);
    } catch (Throwable t) {
      throw new AssertionError("parser threw " + t + " for " + hex(input), t);
    } finally {
      parser.release();
    }
  }

  private static Outcome parseWhole(int version, byte[] input) {
    List<Packet> packets = new ArrayList<>();
    List<Integer> versions = new ArrayList<>();
    Parser parser = Fixtures.parser(version);
    ByteBuf in = Unpooled.wrappedBuffer(input);
    try {
      Packet packet;
      while ((packet = parser.next(in)) != null) {
        packets.add(packet);
        versions.add(parser.protocolVersion());
      }
      return new Outcome(packets, null, in.readableBytes(), versions);
    } catch (PacketException e) {
      return new Outcome(packets, "PacketException " + e.reasonCode(), 0, versions);
    } catch (Throwable t) {
      throw new AssertionError("parser threw " + t + " for " + hex(input), t);
    } finally {
      in.release();
    }
  }

  /**
   * An accepted packet is valid: the generator takes it and the parser gives it back. Written
   * into a wrapped array, which the leak detector does not track (see the class comment).
   */
  private static void checkRegenerates(Packet packet, int version, byte[] input) {
    ByteBuf out;
    try {
      out = Unpooled.wrappedBuffer(new byte[Generator.size(packet, version)]).clear();
      Generator.write(packet, version, out);
    } catch (RuntimeException e) {
      throw new AssertionError("parsed " + packet + " from " + hex(input)
          + " but the generator refuses it at level " + version, e);
    }
    try {
      assertThat(Fixtures.parser(version).next(out)).as("regenerated from %s", hex(input))
          .isEqualTo(packet);
      assertThat(out.isReadable()).isFalse();
    } finally {
      out.release();
    }
  }

  private static String hex(byte[] input) {
    return ByteBufUtil.hexDump(input);
  }
}
