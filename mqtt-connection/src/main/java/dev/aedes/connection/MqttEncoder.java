package dev.aedes.connection;

import dev.aedes.packet.Generator;
import dev.aedes.packet.Packet;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;

/**
 * Encodes outbound {@link Packet}s with {@link Generator} at the connection's protocol level;
 * other messages (already encoded buffers) pass through. A packet the generator refuses fails
 * its promise with the generator's {@link IllegalArgumentException} and leaves the channel open.
 */
final class MqttEncoder extends ChannelOutboundHandlerAdapter {
  private final ProtocolLevel level;

  MqttEncoder(ProtocolLevel level) {
    this.level = level;
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    if (!(msg instanceof Packet packet)) {
      ctx.write(msg, promise);
      return;
    }
    ByteBuf bytes;
    try {
      bytes = encode(packet, level.get(), ctx.alloc());
    } catch (IllegalArgumentException e) {
      promise.setFailure(e);
      return;
    }
    ctx.write(bytes, promise);
  }

  /** The one place a connection turns a packet into bytes; the caller owns the buffer. */
  static ByteBuf encode(Packet packet, int version, ByteBufAllocator alloc) {
    return Generator.generate(packet, version, alloc);
  }
}
