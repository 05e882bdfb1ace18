package dev.aedes.connection;

import dev.aedes.packet.ConnectPacket;
import dev.aedes.packet.Packet;
import dev.aedes.packet.PacketException;
import dev.aedes.packet.Parser;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Frames the inbound bytes into packets with {@link Parser#next}. A {@link PacketException} is
 * passed on as an exception event; after it the stream cannot be trusted, so every later byte is
 * discarded unread.
 */
final class MqttDecoder extends ByteToMessageDecoder {
  private final Parser parser;
  private final ProtocolLevel level;
  private boolean failed;

  MqttDecoder(int maxPacketSize, ProtocolLevel level) {
    this.parser = new Parser(maxPacketSize, level.get());
    this.level = level;
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    if (failed) {
      in.skipBytes(in.readableBytes());
      return;
    }
    // A client's level changes when it sends CONNECT, on whatever thread that happens.
    parser.protocolVersion(level.get());
    Packet packet;
    try {
      packet = parser.next(in);
    } catch (PacketException e) {
      failed = true;
      in.skipBytes(in.readableBytes());
      ctx.fireExceptionCaught(e);
      return;
    }
    if (packet == null) {
      return;
    }
    if (packet instanceof ConnectPacket connect) {
      level.received(connect);
    }
    out.add(packet);
  }
}
