package dev.aedes.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;

/**
 * Counts MQTT bytes in and out, and outbound PUBLISH packets by QoS. It sits just in front of
 * the MQTT decoder, where every outbound buffer is exactly one encoded packet, so the first
 * byte tells type and QoS ([MQTT-2.2.1]: type in bits 7-4, PUBLISH QoS in bits 2-1).
 */
@Sharable
final class TrafficCounter extends ChannelDuplexHandler {
  private static final int PUBLISH = 3;
  private final ServerMetrics metrics;

  TrafficCounter(ServerMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof ByteBuf bytes) {
      metrics.bytesReceived.increment(bytes.readableBytes());
    }
    ctx.fireChannelRead(msg);
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    if (msg instanceof ByteBuf bytes && bytes.isReadable()) {
      metrics.bytesSent.increment(bytes.readableBytes());
      int first = bytes.getUnsignedByte(bytes.readerIndex());
      if (first >> 4 == PUBLISH) {
        metrics.sent((first >> 1) & 0x03);
      }
    }
    ctx.write(msg, promise);
  }
}
