package dev.aedes.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.ProtocolDetectionResult;
import io.netty.handler.codec.haproxy.HAProxyMessageDecoder;
import io.netty.handler.codec.haproxy.HAProxyProtocolVersion;
import java.util.List;

/**
 * With {@code trustProxy}: looks at the first bytes of a connection; a PROXY protocol v1 or v2
 * header hands over to Netty's {@link HAProxyMessageDecoder}, anything else passes on untouched
 * (as aedes-protocol-decoder, a header is used when present).
 */
final class ProxyProtocolDetector extends ByteToMessageDecoder {
  static final String NAME = "proxyDetector";

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    ProtocolDetectionResult<HAProxyProtocolVersion> result =
        HAProxyMessageDecoder.detectProtocol(in);
    switch (result.state()) {
      case NEEDS_MORE_DATA -> {
      }
      case DETECTED -> {
        ctx.pipeline().addAfter(ctx.name(), "proxyDecoder", new HAProxyMessageDecoder());
        ctx.pipeline().remove(this);
      }
      case INVALID -> ctx.pipeline().remove(this);
      default -> throw new IllegalStateException("unknown detection state " + result.state());
    }
  }
}
