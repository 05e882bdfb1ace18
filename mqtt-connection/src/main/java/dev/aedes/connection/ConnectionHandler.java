package dev.aedes.connection;

import dev.aedes.packet.Packet;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * The last inbound stage: hands decoded packets, errors and writability changes to the
 * connection's listeners, and decides when to flush. Replies written by a listener while a read
 * is in progress are flushed once, in {@code channelReadComplete}; other writes made on the event
 * loop share one flush per loop turn. Every field is touched on the event loop only.
 */
final class ConnectionHandler extends ChannelInboundHandlerAdapter {
  private final Listeners listeners;
  private final Runnable flushTask = this::flushNow;
  private final Channel channel;
  private boolean reading;
  private boolean flushAfterRead;
  private boolean flushScheduled;

  ConnectionHandler(Channel channel, Listeners listeners) {
    this.channel = channel;
    this.listeners = listeners;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof Packet packet) {
      reading = true;
      listeners.packet(packet);
    } else {
      ctx.fireChannelRead(msg);
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    reading = false;
    if (flushAfterRead) {
      flushAfterRead = false;
      channel.flush();
    }
    ctx.fireChannelReadComplete();
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (ctx.channel().isWritable()) {
      listeners.drain();
    }
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    // The listeners decide what an error means; the connection reports it once, here.
    listeners.error(cause);
  }

  /** Called on the event loop after a write: flush at read end, or once this loop turn. */
  void flushSoon() {
    if (reading) {
      flushAfterRead = true;
    } else if (!flushScheduled) {
      flushScheduled = true;
      channel.eventLoop().execute(flushTask);
    }
  }

  private void flushNow() {
    flushScheduled = false;
    channel.flush();
  }
}
