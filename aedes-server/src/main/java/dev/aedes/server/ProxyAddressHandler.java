package dev.aedes.server;

import dev.aedes.Client;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.haproxy.HAProxyCommand;
import io.netty.handler.codec.haproxy.HAProxyMessage;
import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * Takes the client's real address from a PROXY protocol header into
 * {@link Client#remoteAddress()}, then checks the connect rate for it.
 */
final class ProxyAddressHandler extends ChannelInboundHandlerAdapter {
  private final ConnectionGate gate;
  private Client client;

  ProxyAddressHandler(ConnectionGate gate) {
    this.gate = gate;
  }

  /** The client the connection belongs to (set right after {@code aedes.handle}). */
  void client(Client value) {
    this.client = value;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof HAProxyMessage header)) {
      // No PROXY header came: the socket's peer is the source.
      ctx.pipeline().remove(this);
      if (gate.admitRate(ctx.channel(), ctx.channel().remoteAddress())) {
        ctx.fireChannelRead(msg);
      } else {
        io.netty.util.ReferenceCountUtil.release(msg);
      }
      return;
    }
    InetSocketAddress source = null;
    try {
      if (header.command() == HAProxyCommand.PROXY && header.sourceAddress() != null) {
        // Numeric addresses only: no DNS lookup on the event loop.
        InetAddress address = InetAddress.getByAddress(
            NetUtil.createByteArrayFromIpAddressString(header.sourceAddress()));
        source = new InetSocketAddress(address, header.sourcePort());
      }
    } catch (java.net.UnknownHostException | RuntimeException e) {
      source = null;
    } finally {
      header.release();
    }
    if (source != null) {
      client.remoteAddress(source);
    }
    gate.admitRate(ctx.channel(), source != null ? source : ctx.channel().remoteAddress());
    ctx.pipeline().remove(this);
  }
}
