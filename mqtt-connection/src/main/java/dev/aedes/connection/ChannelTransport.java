package dev.aedes.connection;

import dev.aedes.packet.Packet;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import java.net.SocketAddress;
import java.util.concurrent.RejectedExecutionException;

/**
 * A connection over a Netty channel: decoder, encoder and handler in the pipeline, writability
 * from the channel's water marks, close listeners run from the channel's close future.
 */
final class ChannelTransport implements Transport {
  private final Channel channel;
  private final Listeners listeners;
  private final ProtocolLevel level;
  private final ConnectionHandler handler;

  ChannelTransport(Channel channel, Listeners listeners, ProtocolLevel level,
      ConnectionOptions options) {
    this.channel = channel;
    this.listeners = listeners;
    this.level = level;
    this.handler = new ConnectionHandler(channel, listeners);
    ChannelPipeline pipeline = channel.pipeline();
    pipeline.addLast(Connection.DECODER, new MqttDecoder(options.maxPacketSize(), level));
    pipeline.addLast(Connection.ENCODER, new MqttEncoder(level));
    pipeline.addLast(Connection.HANDLER, handler);
    channel.closeFuture().addListener(future -> listeners.close());
    if (!options.autoRead()) {
      channel.config().setAutoRead(false);
    }
  }

  @Override
  public void startReading() {
    if (!channel.config().isAutoRead()) {
      channel.config().setAutoRead(true);
    }
  }

  @Override
  public boolean write(Packet packet, WriteCallback callback) {
    ChannelPromise promise = channel.newPromise();
    promise.addListener(future -> listeners.written(callback, future.cause()));
    if (channel.eventLoop().inEventLoop()) {
      // Encoded synchronously by MqttEncoder, so the water marks see the bytes at once.
      channel.write(packet, promise);
      handler.flushSoon();
    } else {
      // Encoded here, so Netty counts the real size against the water marks before the
      // hand-over to the event loop.
      ByteBuf bytes;
      try {
        bytes = MqttEncoder.encode(packet, level.get(), channel.alloc());
      } catch (IllegalArgumentException e) {
        listeners.written(callback, e);
        return channel.isWritable();
      }
      channel.write(bytes, promise);
      try {
        channel.eventLoop().execute(handler::flushSoon);
      } catch (RejectedExecutionException e) {
        // The loop is shutting down: the write above has failed its promise already.
      }
    }
    return channel.isWritable();
  }

  @Override
  public boolean isWritable() {
    return channel.isWritable();
  }

  @Override
  public long pendingWriteBytes() {
    // Netty's count: encoded bytes plus its per-message overhead, kept even off the loop
    ChannelOutboundBuffer buffer = channel.unsafe().outboundBuffer();
    return buffer == null ? 0 : buffer.totalPendingWriteBytes();
  }

  @Override
  public boolean isOpen() {
    return channel.isOpen();
  }

  @Override
  public SocketAddress remoteAddress() {
    return channel.remoteAddress();
  }

  @Override
  public Channel channel() {
    return channel;
  }

  @Override
  public void close() {
    channel.close();
  }
}
