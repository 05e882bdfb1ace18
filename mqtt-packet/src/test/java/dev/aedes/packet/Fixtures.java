package dev.aedes.packet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The four-way check of a byte fixture (parse, generate, round trip, stream feeding) and the
 * malformed-variant check, shared by the per-packet test classes.
 */
public final class Fixtures {
  private Fixtures() {
  }

  /** Bytes from ints, so fixtures can be written as commented lists of 0x.. values. */
  public static byte[] bytes(int... values) {
    byte[] bytes = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      bytes[i] = (byte) values[i];
    }
    return bytes;
  }

  /** Bytes of an ASCII string, for topic and payload fields. */
  public static int[] ascii(String text) {
    int[] values = new int[text.length()];
    for (int i = 0; i < values.length; i++) {
      values[i] = text.charAt(i);
    }
    return values;
  }

  /** Concatenates int arrays (fixture parts). */
  public static int[] concat(int[]... parts) {
    int length = 0;
    for (int[] part : parts) {
      length += part.length;
    }
    int[] all = new int[length];
    int at = 0;
    for (int[] part : parts) {
      System.arraycopy(part, 0, all, at, part.length);
      at += part.length;
    }
    return all;
  }

  /** A parser positioned at {@code version}, as after CONNECT. */
  public static Parser parser(int version) {
    return new Parser(Parser.MAX_PACKET_SIZE, version);
  }

  /** Parses a whole byte array expected to hold exactly one packet. */
  public static Packet parseOne(int version, byte[] bytes) {
    List<Packet> packets = new ArrayList<>();
    Parser parser = parser(version);
    try {
      parser.feed(bytes, packets::add);
      assertThat(parser.buffered()).as("bytes left over").isZero();
    } finally {
      parser.release();
    }
    assertThat(packets).hasSize(1);
    return packets.get(0);
  }

  /**
   * Checks a fixture four ways: the bytes parse to the packet, the packet generates the bytes,
   * the round trip is stable, and the bytes parse the same fed one byte at a time, in random
   * chunks, and three times over in one stream.
   */
  public static void assertFixture(int version, Packet packet, byte[] bytes) {
    assertThat(parseOne(version, bytes)).as("parse").isEqualTo(packet);
    assertThat(Generator.toBytes(packet, version)).as("generate").isEqualTo(bytes);
    assertThat(Generator.size(packet, version)).as("size").isEqualTo(bytes.length);
    assertThat(parseOne(version, Generator.toBytes(packet, version))).as("round trip")
        .isEqualTo(packet);
    assertThat(feedInChunks(version, bytes, new Random(bytes.length), 1)).as("byte by byte")
        .containsExactly(packet);
    Random random = new Random(31L * bytes.length + version);
    for (int i = 0; i < 5; i++) {
      assertThat(feedInChunks(version, bytes, random, 0)).as("random chunks")
          .containsExactly(packet);
    }
    byte[] three = new byte[bytes.length * 3];
    for (int i = 0; i < 3; i++) {
      System.arraycopy(bytes, 0, three, i * bytes.length, bytes.length);
    }
    assertThat(feedInChunks(version, three, random, 0)).as("three concatenated")
        .containsExactly(packet, packet, packet);
  }

  /** The bytes must be refused with a {@link PacketException} carrying {@code reasonCode}. */
  public static PacketException assertMalformed(int version, byte[] bytes, ReasonCode reasonCode) {
    Parser parser = parser(version);
    try {
      assertThatThrownBy(() -> parser.feed(bytes, p -> { }))
          .isInstanceOf(PacketException.class)
          .extracting(e -> ((PacketException) e).reasonCode())
          .isEqualTo(reasonCode);
      try {
        parser.feed(bytes, p -> { });
      } catch (PacketException e) {
        return e;
      }
      throw new AssertionError("parser accepted input after an error");
    } finally {
      parser.release();
    }
  }

  /** Generating the packet must be refused with a message containing {@code messagePart}. */
  public static void assertRejectedByGenerator(int version, Packet packet, String messagePart) {
    assertThatThrownBy(() -> Generator.toBytes(packet, version))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(messagePart);
  }

  /** Feeds in chunks of {@code chunk} bytes, or of random sizes 1..16 when chunk is 0. */
  public static List<Packet> feedInChunks(int version, byte[] bytes, Random random, int chunk) {
    List<Packet> packets = new ArrayList<>();
    Parser parser = parser(version);
    try {
      int at = 0;
      while (at < bytes.length) {
        int n = Math.min(bytes.length - at, chunk > 0 ? chunk : 1 + random.nextInt(16));
        parser.feed(bytes, at, n, packets::add);
        at += n;
      }
      assertThat(parser.buffered()).isZero();
    } finally {
      parser.release();
    }
    return packets;
  }
}
