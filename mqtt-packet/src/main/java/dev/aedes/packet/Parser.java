package dev.aedes.packet;

import dev.aedes.packet.decode.PacketDecoders;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.function.Consumer;

/**
 * Incremental MQTT parser: feed it the stream cut anywhere, get whole packets. The packet size
 * limit is checked as soon as the Remaining Length is known, before the body is buffered. A
 * CONNECT sets the protocol level for the packets that follow; a client sets it with
 * {@link #protocolVersion(int)} when it sends CONNECT. After the first {@link PacketException}
 * the stream cannot be trusted: the parser refuses more input.
 *
 * <p>Not thread-safe: one parser per connection, used from that connection's reader.
 */
public final class Parser {
  /** The largest packet MQTT can frame: 1 + 4 + 268,435,455 bytes. */
  public static final int MAX_PACKET_SIZE = 268_435_460;

  private final int maxPacketSize;
  private int protocolVersion;
  private ByteBuf cumulation;
  private PacketException failure;

  /** A parser at protocol level 4 until a CONNECT says otherwise, with the largest limit. */
  public Parser() {
    this(MAX_PACKET_SIZE, ProtocolVersion.MQTT_3_1_1);
  }

  /**
   * @param maxPacketSize largest whole packet accepted, fixed header included
   * @param protocolVersion level used until a CONNECT is parsed
   */
  public Parser(int maxPacketSize, int protocolVersion) {
    if (maxPacketSize < 2) {
      throw new IllegalArgumentException("maxPacketSize must be at least 2: " + maxPacketSize);
    }
    this.maxPacketSize = maxPacketSize;
    this.protocolVersion = protocolVersion;
  }

  /** The protocol level that governs parsing now. */
  public int protocolVersion() {
    return protocolVersion;
  }

  /** Sets the protocol level, as a client does when it sends CONNECT. */
  public void protocolVersion(int version) {
    this.protocolVersion = version;
  }

  /** The packet size limit. */
  public int maxPacketSize() {
    return maxPacketSize;
  }

  /**
   * Decodes the next whole packet from {@code in}, or returns null and leaves {@code in}
   * untouched when it holds only part of one. Suits Netty's {@code ByteToMessageDecoder}, which
   * keeps the cumulation.
   *
   * @throws PacketException when the bytes are not a valid packet
   */
  public Packet next(ByteBuf in) {
    int start = in.readerIndex();
    int available = in.readableBytes();
    if (available < 1) {
      return null;
    }
    int firstByte = in.getUnsignedByte(start);
    PacketDecoders.checkFixedHeader(firstByte, protocolVersion);
    int remainingLength = 0;
    int multiplier = 1;
    int headerLength = 1;
    while (true) {
      if (headerLength > 4) {
        throw PacketException.malformed("remaining length longer than 4 bytes");
      }
      if (available <= headerLength) {
        return null;
      }
      int b = in.getUnsignedByte(start + headerLength);
      headerLength++;
      remainingLength += (b & 0x7F) * multiplier;
      if ((b & 0x80) == 0) {
        if (b == 0 && headerLength > 2) {
          throw PacketException.malformed("remaining length not in its shortest form [MQTT-1.5.5-1]");
        }
        break;
      }
      multiplier <<= 7;
    }
    long packetSize = (long) headerLength + remainingLength;
    if (packetSize > maxPacketSize) {
      throw new PacketException(ReasonCode.PACKET_TOO_LARGE,
          "packet of " + packetSize + " bytes exceeds the maximum of " + maxPacketSize);
    }
    if (available < packetSize) {
      return null;
    }
    ByteBuf body = in.slice(start + headerLength, remainingLength);
    in.readerIndex((int) (start + packetSize));
    Packet packet = PacketDecoders.decode(firstByte, body, protocolVersion);
    if (packet instanceof ConnectPacket connect) {
      protocolVersion = connect.protocolVersion();
    }
    return packet;
  }

  /** Decodes every whole packet in {@code in}, leaving a trailing partial packet unread. */
  public void parse(ByteBuf in, Consumer<? super Packet> out) {
    Packet packet;
    while ((packet = next(in)) != null) {
      out.accept(packet);
    }
  }

  /**
   * Stream mode: takes a chunk cut anywhere (copied, so the caller keeps {@code bytes}), and
   * hands every packet it completes to {@code out}.
   *
   * @throws PacketException on the first invalid packet, and on every call after it
   */
  public void feed(byte[] bytes, int offset, int length, Consumer<? super Packet> out) {
    if (failure != null) {
      throw failure;
    }
    if (cumulation == null) {
      cumulation = ByteBufAllocator.DEFAULT.heapBuffer(Math.max(256, length));
    }
    cumulation.writeBytes(bytes, offset, length);
    try {
      parse(cumulation, out);
    } catch (PacketException e) {
      failure = e;
      release();
      throw e;
    }
    if (cumulation.isReadable()) {
      cumulation.discardSomeReadBytes();
    } else {
      cumulation.clear();
    }
  }

  /** Stream mode: {@link #feed(byte[], int, int, Consumer)} for a whole array. */
  public void feed(byte[] bytes, Consumer<? super Packet> out) {
    feed(bytes, 0, bytes.length, out);
  }

  /** Number of bytes held back in stream mode, waiting for the rest of a packet. */
  public int buffered() {
    return cumulation == null ? 0 : cumulation.readableBytes();
  }

  /** Frees the stream-mode buffer; the parser can be fed again afterwards. */
  public void release() {
    if (cumulation != null) {
      cumulation.release();
      cumulation = null;
    }
  }
}
