package dev.aedes.packet;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

/** Mutations of encoded packets for {@link ParserFuzzTest}, all driven by one seeded random. */
final class FuzzMutations {
  private FuzzMutations() {
  }

  /** One to three mutations of {@code original}, sometimes concatenated with other packets. */
  static byte[] mutate(byte[] original, List<byte[]> corpus, Random random) {
    byte[] bytes = original;
    int rounds = 1 + random.nextInt(3);
    for (int i = 0; i < rounds; i++) {
      bytes = switch (random.nextInt(9)) {
        case 0 -> flipBits(bytes, random);
        case 1 -> setBytes(bytes, random);
        case 2 -> insert(bytes, random);
        case 3 -> delete(bytes, random);
        case 4 -> truncate(bytes, random);
        case 5 -> remainingLength(bytes, random);
        case 6 -> concat(bytes, corpus.get(random.nextInt(corpus.size())), random.nextBoolean());
        case 7 -> firstByte(bytes, random);
        default -> interestingValue(bytes, random);
      };
    }
    return bytes;
  }

  private static byte[] flipBits(byte[] bytes, Random random) {
    byte[] out = bytes.clone();
    for (int n = 1 + random.nextInt(3); n > 0 && out.length > 0; n--) {
      out[random.nextInt(out.length)] ^= (byte) (1 << random.nextInt(8));
    }
    return out;
  }

  private static byte[] setBytes(byte[] bytes, Random random) {
    byte[] out = bytes.clone();
    for (int n = 1 + random.nextInt(2); n > 0 && out.length > 0; n--) {
      out[random.nextInt(out.length)] = (byte) random.nextInt(256);
    }
    return out;
  }

  private static byte[] insert(byte[] bytes, Random random) {
    int at = random.nextInt(bytes.length + 1);
    int n = 1 + random.nextInt(4);
    byte[] out = new byte[bytes.length + n];
    System.arraycopy(bytes, 0, out, 0, at);
    for (int i = 0; i < n; i++) {
      out[at + i] = (byte) random.nextInt(256);
    }
    System.arraycopy(bytes, at, out, at + n, bytes.length - at);
    return out;
  }

  private static byte[] delete(byte[] bytes, Random random) {
    if (bytes.length == 0) {
      return bytes;
    }
    int at = random.nextInt(bytes.length);
    int n = Math.min(bytes.length - at, 1 + random.nextInt(4));
    byte[] out = new byte[bytes.length - n];
    System.arraycopy(bytes, 0, out, 0, at);
    System.arraycopy(bytes, at + n, out, at, bytes.length - at - n);
    return out;
  }

  private static byte[] truncate(byte[] bytes, Random random) {
    return Arrays.copyOf(bytes, random.nextInt(bytes.length + 1));
  }

  /** Replaces the Remaining Length with 1..5 random bytes, keeping the rest. */
  private static byte[] remainingLength(byte[] bytes, Random random) {
    if (bytes.length < 2) {
      return bytes;
    }
    int old = 1;
    while (old < 4 && 1 + old < bytes.length && (bytes[old] & 0x80) != 0) {
      old++;
    }
    int n = 1 + random.nextInt(5);
    byte[] out = new byte[bytes.length - old + n];
    out[0] = bytes[0];
    for (int i = 0; i < n; i++) {
      int b = random.nextBoolean() ? random.nextInt(128) : random.nextInt(256);
      out[1 + i] = (byte) (i == n - 1 && random.nextBoolean() ? b & 0x7F : b);
    }
    System.arraycopy(bytes, 1 + old, out, 1 + n, bytes.length - 1 - old);
    return out;
  }

  private static byte[] concat(byte[] first, byte[] second, boolean secondFirst) {
    byte[] a = secondFirst ? second : first;
    byte[] b = secondFirst ? first : second;
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  /** Another type or flags nibble in the first byte. */
  private static byte[] firstByte(byte[] bytes, Random random) {
    if (bytes.length == 0) {
      return bytes;
    }
    byte[] out = bytes.clone();
    out[0] = (byte) (random.nextBoolean()
        ? (random.nextInt(16) << 4) | (out[0] & 0x0F)
        : (out[0] & 0xF0) | random.nextInt(16));
    return out;
  }

  /** Boundary values where lengths, ids and flags live: 0x00, 0x01, 0x7F, 0x80, 0xFF. */
  private static byte[] interestingValue(byte[] bytes, Random random) {
    if (bytes.length == 0) {
      return bytes;
    }
    byte[] out = bytes.clone();
    int[] values = {0x00, 0x01, 0x02, 0x7F, 0x80, 0xFF};
    out[random.nextInt(out.length)] = (byte) values[random.nextInt(values.length)];
    return out;
  }
}
