package dev.aedes.server;

import dev.aedes.Client;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler.HandshakeComplete;
import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Between WebSocket frames and the MQTT codec: binary (and continuation) frame contents go on
 * as a byte stream, so a packet split across frames and several packets in one frame both
 * decode; each outbound packet becomes one binary frame. On the handshake it gives the client
 * the upgrade request's headers and, with {@code trustProxy}, the X-Forwarded-For or X-Real-IP
 * address.
 */
final class WebSocketMqttAdapter extends ChannelDuplexHandler {
  private final boolean trustProxy;
  private final ConnectionGate gate;
  private Client client;

  WebSocketMqttAdapter(boolean trustProxy, ConnectionGate gate) {
    this.trustProxy = trustProxy;
    this.gate = gate;
  }

  void client(Client value) {
    this.client = value;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof BinaryWebSocketFrame || msg instanceof ContinuationWebSocketFrame) {
      ctx.fireChannelRead(((WebSocketFrame) msg).content());
    } else if (msg instanceof WebSocketFrame frame) {
      // [MQTT-6.0.0-1] MQTT travels in binary frames; any other data frame closes.
      frame.release();
      ctx.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.INVALID_MESSAGE_TYPE))
          .addListener(ChannelFutureListener.CLOSE);
    } else if (msg instanceof FullHttpRequest request) {
      // A plain HTTP request to another path than the WebSocket one.
      request.release();
      DefaultFullHttpResponse response = new DefaultFullHttpResponse(
          request.protocolVersion(), HttpResponseStatus.NOT_FOUND);
      response.headers().set(HttpHeaderNames.CONTENT_LENGTH, 0);
      ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    } else {
      ctx.fireChannelRead(msg);
    }
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    ctx.write(msg instanceof ByteBuf bytes ? new BinaryWebSocketFrame(bytes) : msg, promise);
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
    if (event instanceof HandshakeComplete handshake) {
      HttpHeaders headers = handshake.requestHeaders();
      Map<String, String> req = new LinkedHashMap<>();
      for (String name : headers.names()) {
        req.put(name.toLowerCase(Locale.ROOT), String.join(", ", headers.getAll(name)));
      }
      client.req(req);
      if (trustProxy) {
        InetSocketAddress real = forwardedAddress(headers);
        if (real != null) {
          client.remoteAddress(real);
        }
        gate.admitRate(ctx.channel(), real != null ? real : ctx.channel().remoteAddress());
      }
    }
    super.userEventTriggered(ctx, event);
  }

  /** The first X-Forwarded-For address (the client), else X-Real-IP; numeric only. */
  static InetSocketAddress forwardedAddress(HttpHeaders headers) {
    String forwarded = headers.get("X-Forwarded-For");
    String candidate = forwarded != null ? forwarded.split(",")[0].trim()
        : headers.get("X-Real-IP");
    if (candidate == null) {
      return null;
    }
    byte[] bytes = NetUtil.createByteArrayFromIpAddressString(candidate.trim());
    if (bytes == null) {
      return null;
    }
    try {
      return new InetSocketAddress(InetAddress.getByAddress(bytes), 0);
    } catch (java.net.UnknownHostException e) {
      return null;
    }
  }
}
