package dev.aedes.persistence.rocksdb;

import dev.aedes.packet.Properties;
import dev.aedes.packet.Property;
import dev.aedes.packet.PropertyScope;
import dev.aedes.packet.PublishPacket;
import dev.aedes.packet.Subscription;
import dev.aedes.packet.decode.FieldReader;
import dev.aedes.packet.decode.PropertiesDecoder;
import dev.aedes.packet.encode.FieldWriter;
import dev.aedes.packet.encode.PropertiesEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.Map;

/**
 * The stored form of a PUBLISH and of a subscription's options: a compact binary layout that
 * reuses MQTT 5's property encoding, so every property survives a restart.
 *
 * <pre>
 * PUBLISH: format(1) flags(1) messageId(2) topic(2+n) properties(varint+n) payload(rest)
 *   flags: 0x08 dup, 0x06 qos, 0x01 retain, 0x10 properties in WILL scope (a stored will)
 * subscription options: format(1) qos | nl &lt;&lt; 2 | rap &lt;&lt; 3 | rh &lt;&lt; 4
 *   [subscriptionIdentifier(4)] (MQTT 5, when the subscription has one)
 * outgoing PUBREL: format(1) flags(1) = 0x20 messageId(2) (a QoS 2 message past its PUBREC)
 * session expiry: format(1) seconds(8)
 * </pre>
 */
final class PacketCodec {
  /** The first byte of every stored value: lets a later layout read an older one. */
  static final int FORMAT = 1;
  /** Where the message id sits in a stored PUBLISH (read without decoding the rest). */
  static final int MESSAGE_ID_OFFSET = 2;
  private static final int WILL_SCOPE = 0x10;
  /** Flags of a stored outgoing PUBREL: no PUBLISH flag uses this bit. */
  private static final int RELEASED = 0x20;

  private PacketCodec() {
  }

  static byte[] encode(PublishPacket packet) {
    return encode(packet, null);
  }

  /**
   * The stored PUBLISH after {@code prefix} (when not null) in one array: a journal record's
   * body, made while the copy is at hand, with no second copy.
   */
  static byte[] encode(PublishPacket packet, byte[] prefix) {
    PropertyScope scope = scopeOf(packet.properties());
    int flags = (packet.dup() ? 0x08 : 0) | packet.qos() << 1 | (packet.retain() ? 0x01 : 0)
        | (scope == PropertyScope.WILL ? WILL_SCOPE : 0);
    int start = prefix == null ? 0 : prefix.length;
    int size = start + 4 + FieldWriter.utf8Size(packet.topic(), "topic")
        + PropertiesEncoder.size(packet.properties(), scope) + packet.payload().length;
    byte[] bytes = new byte[size];
    if (prefix != null) {
      System.arraycopy(prefix, 0, bytes, 0, start);
    }
    // over the array itself: no allocator, and its accounting, per message
    ByteBuf out = Unpooled.wrappedBuffer(bytes).writerIndex(start);
    try {
      out.writeByte(FORMAT).writeByte(flags).writeShort(packet.messageId());
      FieldWriter.writeUtf8(out, packet.topic());
      PropertiesEncoder.write(out, packet.properties(), scope);
      out.writeBytes(packet.payload());
      return bytes;
    } finally {
      out.release();
    }
  }

  static PublishPacket decode(byte[] bytes) {
    ByteBuf in = Unpooled.wrappedBuffer(bytes);
    try {
      checkFormat(in.readUnsignedByte());
      int flags = in.readUnsignedByte();
      int messageId = in.readUnsignedShort();
      String topic = FieldReader.readUtf8(in, "topic");
      PropertyScope scope = (flags & WILL_SCOPE) != 0 ? PropertyScope.WILL : PropertyScope.PUBLISH;
      Properties properties = PropertiesDecoder.read(in, scope);
      byte[] payload = new byte[in.readableBytes()];
      in.readBytes(payload);
      return new PublishPacket((flags & 0x08) != 0, (flags >> 1) & 0x03, (flags & 0x01) != 0,
          topic, messageId, payload, properties);
    } finally {
      in.release();
    }
  }

  /** The message id of a stored PUBLISH, without decoding it. */
  static int messageId(byte[] bytes) {
    return (bytes[MESSAGE_ID_OFFSET] & 0xff) << 8 | bytes[MESSAGE_ID_OFFSET + 1] & 0xff;
  }

  static byte[] encodeOptions(Subscription sub) {
    return encodeOptions(sub, 0);
  }

  /** Options with the Subscription Identifier appended when there is one (&gt; 0). */
  static byte[] encodeOptions(Subscription sub, int subscriptionIdentifier) {
    byte options = (byte) (sub.qos() | (sub.nl() ? 0x04 : 0) | (sub.rap() ? 0x08 : 0)
        | sub.rh() << 4);
    if (subscriptionIdentifier <= 0) {
      return new byte[] {(byte) FORMAT, options};
    }
    return java.nio.ByteBuffer.allocate(6).put((byte) FORMAT).put(options)
        .putInt(subscriptionIdentifier).array();
  }

  /** The Subscription Identifier stored with subscription options, 0 for none. */
  static int subscriptionIdentifier(byte[] options) {
    return options.length >= 6 ? java.nio.ByteBuffer.wrap(options, 2, 4).getInt() : 0;
  }

  /** An outgoing entry past its PUBREC: only the message id is kept. */
  static byte[] encodePubrel(int messageId) {
    return new byte[] {(byte) FORMAT, (byte) RELEASED, (byte) (messageId >>> 8),
        (byte) messageId};
  }

  /** True for a stored outgoing PUBREL (see {@link #encodePubrel}). */
  static boolean isPubrel(byte[] bytes) {
    return (bytes[1] & RELEASED) != 0;
  }

  static byte[] encodeSessionExpiry(long seconds) {
    return java.nio.ByteBuffer.allocate(9).put((byte) FORMAT).putLong(seconds).array();
  }

  static long decodeSessionExpiry(byte[] bytes) {
    checkFormat(bytes[0]);
    return java.nio.ByteBuffer.wrap(bytes, 1, 8).getLong();
  }

  static Subscription decodeOptions(String filter, byte[] bytes) {
    checkFormat(bytes[0]);
    int options = bytes[1];
    return new Subscription(filter, options & 0x03, (options & 0x04) != 0,
        (options & 0x08) != 0, (options >> 4) & 0x03);
  }

  // A will carries willDelayInterval, which a PUBLISH may not: its properties use WILL scope.
  private static PropertyScope scopeOf(Properties properties) {
    for (Map.Entry<Property, Object> entry : properties.values().entrySet()) {
      if (!entry.getKey().isAllowedIn(PropertyScope.PUBLISH)) {
        return PropertyScope.WILL;
      }
    }
    return PropertyScope.PUBLISH;
  }

  private static void checkFormat(int format) {
    if (format != FORMAT) {
      throw new IllegalStateException("stored value has unknown format " + format
          + " (written by a newer version?)");
    }
  }
}
