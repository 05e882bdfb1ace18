package io.netty.handler.codec.mqtt;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * Calls Netty's {@link MqttDecoder} and {@link MqttEncoder} directly, without a pipeline pass,
 * so the benchmark measures the codec and nothing else. It lives in Netty's package because
 * {@code decode} is protected and {@code MqttEncoder.doEncode} package-private; the
 * {@link EmbeddedChannel} only supplies the real context (allocator, version attribute) both read.
 */
public final class NettyMqttCodec {
  private final EmbeddedChannel channel;
  private final MqttDecoder decoder = new MqttDecoder();
  private final ChannelHandlerContext decoderContext;
  private final ChannelHandlerContext encoderContext;
  private final List<Object> out = new ArrayList<>(1);

  /** A codec whose encoder allocates from {@code alloc}. */
  public NettyMqttCodec(ByteBufAllocator alloc) {
    channel = new EmbeddedChannel();
    channel.config().setAllocator(alloc);
    channel.pipeline().addLast("decoder", decoder).addLast("encoder", MqttEncoder.INSTANCE);
    decoderContext = channel.pipeline().context(decoder);
    encoderContext = channel.pipeline().context(MqttEncoder.INSTANCE);
  }

  /** Decodes one whole message from {@code in}; the caller releases it. */
  public MqttMessage decode(ByteBuf in) throws Exception {
    out.clear();
    decoder.decode(decoderContext, in, out);
    MqttMessage message = (MqttMessage) out.get(0);
    if (message.decoderResult().isFailure()) {
      throw new IllegalStateException("Netty failed to decode", message.decoderResult().cause());
    }
    return message;
  }

  /** Encodes {@code message} into a new buffer the caller releases; {@code message} is kept. */
  public ByteBuf encode(MqttMessage message) {
    return MqttEncoder.doEncode(encoderContext, message);
  }

  /** Closes the channel behind the contexts. */
  public void close() {
    channel.finishAndReleaseAll();
  }
}
