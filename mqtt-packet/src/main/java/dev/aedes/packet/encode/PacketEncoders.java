package dev.aedes.packet.encode;

import dev.aedes.packet.Packet;
import dev.aedes.packet.PacketType;
import dev.aedes.packet.PublishPacket;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;

/**
 * The one dispatch table from packet type to encoder, and the fixed header they share. Sizes
 * are computed (and the packet validated) before anything is allocated or written.
 */
public final class PacketEncoders {
  /** Payloads at least this large are wrapped, not copied, by {@link #encode}. */
  static final int WRAP_PAYLOAD_FROM = 2048;

  private static final PacketEncoder<?>[] ENCODERS = new PacketEncoder<?>[16];
  private static final PublishEncoder PUBLISH = new PublishEncoder();

  static {
    ENCODERS[PacketType.CONNECT.value()] = new ConnectEncoder();
    ENCODERS[PacketType.CONNACK.value()] = new ConnackEncoder();
    ENCODERS[PacketType.PUBLISH.value()] = PUBLISH;
    ENCODERS[PacketType.PUBACK.value()] = new PubackEncoder();
    ENCODERS[PacketType.PUBREC.value()] = new PubrecEncoder();
    ENCODERS[PacketType.PUBREL.value()] = new PubrelEncoder();
    ENCODERS[PacketType.PUBCOMP.value()] = new PubcompEncoder();
    ENCODERS[PacketType.SUBSCRIBE.value()] = new SubscribeEncoder();
    ENCODERS[PacketType.SUBACK.value()] = new SubackEncoder();
    ENCODERS[PacketType.UNSUBSCRIBE.value()] = new UnsubscribeEncoder();
    ENCODERS[PacketType.UNSUBACK.value()] = new UnsubackEncoder();
    ENCODERS[PacketType.PINGREQ.value()] = new PingreqEncoder();
    ENCODERS[PacketType.PINGRESP.value()] = new PingrespEncoder();
    ENCODERS[PacketType.DISCONNECT.value()] = new DisconnectEncoder();
    ENCODERS[PacketType.AUTH.value()] = new AuthEncoder();
  }

  private PacketEncoders() {
  }

  @SuppressWarnings("unchecked")
  private static <P extends Packet> PacketEncoder<P> encoder(P packet) {
    return (PacketEncoder<P>) ENCODERS[packet.type().value()];
  }

  /** The whole encoded size of {@code packet} at this level; validates it. */
  public static int size(Packet packet, int version) {
    int body = checkedBodySize(packet, version);
    return 1 + FieldWriter.varIntSize(body) + body;
  }

  /** Writes {@code packet} at the end of {@code out}; nothing is written if it is invalid. */
  public static void write(Packet packet, int version, ByteBuf out) {
    int body = checkedBodySize(packet, version);
    out.ensureWritable(1 + FieldWriter.varIntSize(body) + body);
    writeSized(packet, version, body, out);
  }

  /** Writes a packet already validated and sized: {@code body} is its Remaining Length. */
  private static void writeSized(Packet packet, int version, int body, ByteBuf out) {
    PacketEncoder<Packet> encoder = encoder(packet);
    out.writeByte(packet.type().value() << 4 | encoder.flags(packet));
    FieldWriter.writeVarInt(out, body);
    encoder.writeBody(packet, version, out);
  }

  /**
   * Encodes {@code packet} into a new buffer that the caller owns. A large PUBLISH payload is
   * wrapped behind the header rather than copied.
   */
  public static ByteBuf encode(Packet packet, int version, ByteBufAllocator alloc) {
    if (packet instanceof PublishPacket publish && publish.payload().length >= WRAP_PAYLOAD_FROM) {
      return encodePublish(publish, Unpooled.wrappedBuffer(publish.payload()), version, alloc);
    }
    // Validated and sized once; the buffer is exactly the packet.
    int body = checkedBodySize(packet, version);
    int size = 1 + FieldWriter.varIntSize(body) + body;
    ByteBuf out = alloc.buffer(size, size);
    try {
      writeSized(packet, version, body, out);
      return out;
    } catch (RuntimeException e) {
      out.release();
      throw e;
    }
  }

  /**
   * Encodes a PUBLISH whose payload is {@code payload} (the packet's own payload is ignored):
   * the header is written to a new buffer and {@code payload} is placed behind it without a
   * copy. Takes ownership of {@code payload}: it is released with the result, or at once if
   * the packet is invalid.
   */
  public static ByteBuf encodePublish(PublishPacket packet, ByteBuf payload, int version,
      ByteBufAllocator alloc) {
    ByteBuf header = null;
    try {
      int headerSize = PUBLISH.headerSize(packet, version);
      int body = headerSize + payload.readableBytes();
      if (body > FieldWriter.MAX_REMAINING_LENGTH) {
        throw new IllegalArgumentException("PUBLISH of " + body + " bytes is too large");
      }
      int fixed = 1 + FieldWriter.varIntSize(body);
      header = alloc.buffer(fixed + headerSize, fixed + headerSize);
      header.writeByte(PacketType.PUBLISH.value() << 4 | PUBLISH.flags(packet));
      FieldWriter.writeVarInt(header, body);
      PUBLISH.writeHeader(packet, version, header);
      CompositeByteBuf composite = alloc.compositeBuffer(2);
      composite.addComponents(true, header, payload);
      return composite;
    } catch (RuntimeException e) {
      if (header != null) {
        header.release();
      }
      payload.release();
      throw e;
    }
  }

  private static int checkedBodySize(Packet packet, int version) {
    int body = encoder(packet).bodySize(packet, version);
    if (body > FieldWriter.MAX_REMAINING_LENGTH) {
      throw new IllegalArgumentException(packet.type() + " of " + body + " bytes is too large");
    }
    return body;
  }
}
