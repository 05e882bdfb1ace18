package dev.aedes.server;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The health and metrics endpoint: {@code GET /health} answers 200 {"status":"OK"} while the
 * broker runs (503 once it closes: liveness); {@code GET /ready} 200 {"status":"READY"} while it
 * also can store what it must (503 with the reason while its store fails writes, a full disk
 * say, and once it closes: readiness); {@code GET /metrics} the Prometheus text. One request
 * per connection.
 */
final class HttpEndpoint extends SimpleChannelInboundHandler<FullHttpRequest> {
  private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

  private final ServerMetrics metrics;
  private final BooleanSupplier healthy;
  private final Supplier<String> notReady;

  /** @param notReady why the broker is not ready now, or null when it is */
  HttpEndpoint(ServerMetrics metrics, BooleanSupplier healthy, Supplier<String> notReady) {
    this.metrics = metrics;
    this.healthy = healthy;
    this.notReady = notReady;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
    String path = request.uri().split("\\?", 2)[0];
    FullHttpResponse response;
    if (!HttpMethod.GET.equals(request.method()) && !HttpMethod.HEAD.equals(request.method())) {
      response = text(HttpResponseStatus.METHOD_NOT_ALLOWED, "text/plain", "GET only\n");
    } else if (path.equals("/health")) {
      boolean up = healthy.getAsBoolean();
      response = text(up ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE,
          "application/json", up ? "{\"status\":\"OK\"}\n" : "{\"status\":\"CLOSING\"}\n");
    } else if (path.equals("/ready")) {
      String reason = healthy.getAsBoolean() ? notReady.get() : "closing";
      response = reason == null
          ? text(HttpResponseStatus.OK, "application/json", "{\"status\":\"READY\"}\n")
          : text(HttpResponseStatus.SERVICE_UNAVAILABLE, "application/json",
              "{\"status\":\"NOT_READY\",\"reason\":" + jsonString(reason) + "}\n");
    } else if (path.equals("/metrics")) {
      response = text(HttpResponseStatus.OK, PROMETHEUS_TEXT, metrics.scrape());
    } else {
      response = text(HttpResponseStatus.NOT_FOUND, "text/plain", "not found\n");
    }
    response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
  }

  /** {@code value} as a JSON string literal. */
  static String jsonString(String value) {
    StringBuilder json = new StringBuilder(value.length() + 2).append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '"' || c == '\\') {
        json.append('\\').append(c);
      } else if (c < 0x20) {
        json.append(String.format("\\u%04x", (int) c));
      } else {
        json.append(c);
      }
    }
    return json.append('"').toString();
  }

  private static FullHttpResponse text(HttpResponseStatus status, String type, String body) {
    FullHttpResponse response = new DefaultFullHttpResponse(
        io.netty.handler.codec.http.HttpVersion.HTTP_1_1, status,
        Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
    response.headers().set(HttpHeaderNames.CONTENT_TYPE, type);
    response.headers().set(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
    return response;
  }
}
