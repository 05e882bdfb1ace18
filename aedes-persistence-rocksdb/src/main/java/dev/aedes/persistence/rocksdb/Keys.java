package dev.aedes.persistence.rocksdb;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The key layout. Per-client keys start with the client id's UTF-8 bytes and a 0x00 byte (MQTT
 * strings may not hold U+0000 [MQTT-1.5.4-2]), so one client's keys are one contiguous range
 * that a prefix seek reads and a range delete removes.
 *
 * <pre>
 * retained       topic                        -&gt; PUBLISH
 * subscriptions  clientId 0x00 topicFilter    -&gt; subscription options [identifier]
 * subscriptions  clientId 0x00                -&gt; session expiry (no filter is empty)
 * outgoing       clientId 0x00 sequence(8)    -&gt; PUBLISH or PUBREL (sequence: big-endian,
 *                                                increasing)
 * incoming       clientId 0x00 messageId(2)   -&gt; PUBLISH
 * wills          clientId                     -&gt; brokerId(2+n) PUBLISH
 * wills          clientId 0x00                -&gt; due time of a delayed will (8, big-endian)
 * expiring       deadline(8) sequence(8)      -&gt; clientId (a queued message's deadline in
 *                                                epoch seconds; see ExpiringIndex)
 * </pre>
 */
final class Keys {
  private Keys() {
  }

  static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** {@code clientId 0x00}: the start of every per-client key. */
  static byte[] clientPrefix(String clientId) {
    if (clientId.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("client id contains U+0000 [MQTT-1.5.4-2]");
    }
    byte[] id = utf8(clientId);
    return Arrays.copyOf(id, id.length + 1);
  }

  /** The first key after every key starting with {@code prefix} (which ends in 0x00). */
  static byte[] prefixEnd(byte[] prefix) {
    byte[] end = prefix.clone();
    end[end.length - 1] = 1;
    return end;
  }

  static byte[] subscription(String clientId, String filter) {
    return concat(clientPrefix(clientId), utf8(filter));
  }

  static byte[] outgoing(String clientId, long sequence) {
    byte[] prefix = clientPrefix(clientId);
    byte[] key = Arrays.copyOf(prefix, prefix.length + 8);
    putLong(key, prefix.length, sequence);
    return key;
  }

  /** Writes {@code value} big-endian into {@code key} at {@code offset} (8 bytes). */
  static void putLong(byte[] key, int offset, long value) {
    for (int i = 0; i < 8; i++) {
      key[offset + i] = (byte) (value >>> (56 - 8 * i));
    }
  }

  /** The big-endian long in {@code key} at {@code offset} (8 bytes). */
  static long getLong(byte[] key, int offset) {
    long value = 0;
    for (int i = offset; i < offset + 8; i++) {
      value = value << 8 | (key[i] & 0xff);
    }
    return value;
  }

  static byte[] incoming(String clientId, int messageId) {
    byte[] prefix = clientPrefix(clientId);
    byte[] key = Arrays.copyOf(prefix, prefix.length + 2);
    key[prefix.length] = (byte) (messageId >>> 8);
    key[prefix.length + 1] = (byte) messageId;
    return key;
  }

  /** The key of a delayed will's due time, beside the will's key (the bare client id). */
  static byte[] willDue(String clientId) {
    return clientPrefix(clientId);
  }

  /** True for a will's due time key, false for the will's own key. */
  static boolean isWillDue(byte[] key) {
    return key.length > 0 && key[key.length - 1] == 0;
  }

  /** The client id of a per-client key. */
  static String clientId(byte[] key) {
    return new String(key, 0, separator(key), StandardCharsets.UTF_8);
  }

  /** What follows the client id and its 0x00 in a per-client key, as text. */
  static String suffixText(byte[] key) {
    int start = separator(key) + 1;
    return new String(key, start, key.length - start, StandardCharsets.UTF_8);
  }

  /** The sequence number of an outgoing key. */
  static long sequence(byte[] key) {
    return getLong(key, key.length - 8);
  }

  static boolean startsWith(byte[] key, byte[] prefix) {
    return key.length >= prefix.length
        && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
  }

  static byte[] concat(byte[] a, byte[] b) {
    byte[] result = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, result, a.length, b.length);
    return result;
  }

  private static int separator(byte[] key) {
    for (int i = 0; i < key.length; i++) {
      if (key[i] == 0) {
        return i;
      }
    }
    throw new IllegalStateException("per-client key without 0x00 separator");
  }
}
