package dev.aedes.server;

import dev.aedes.Aedes;
import dev.aedes.Client;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.handler.ssl.SslContext;

/**
 * The pipeline of one MQTT connection on a listener: limits, PROXY protocol when trusted, TLS,
 * WebSocket framing, traffic counting, then the broker's MQTT stages via
 * {@link Aedes#handle(Channel)}.
 */
final class MqttChannelInitializer extends ChannelInitializer<Channel> {
  /** Subprotocols a WebSocket client may ask for (MQTT 3.1.1/5.0 and MQTT 3.1). */
  static final String SUBPROTOCOLS = "mqtt,mqttv3.1";

  private final Listener listener;
  private final Aedes aedes;
  private final SslContext ssl;
  private final ServerConfig config;
  private final ConnectionGate gate;
  private final TrafficCounter traffic;
  /** Read once here, not per connection. */
  private final boolean trustProxy;

  MqttChannelInitializer(Listener listener, Aedes aedes, SslContext ssl, ServerConfig config,
      ConnectionGate gate, TrafficCounter traffic) {
    this.listener = listener;
    this.aedes = aedes;
    this.ssl = ssl;
    this.config = config;
    this.gate = gate;
    this.traffic = traffic;
    this.trustProxy = config.bool("trustProxy");
  }

  @Override
  protected void initChannel(Channel ch) {
    // Behind a trusted proxy the source address is known later (header or handshake).
    if (!gate.admit(ch, !trustProxy)) {
      return;
    }
    ChannelPipeline pipeline = ch.pipeline();
    ProxyAddressHandler proxy = null;
    if (trustProxy && !listener.webSocket()) {
      proxy = new ProxyAddressHandler(gate);
      pipeline.addLast(ProxyProtocolDetector.NAME, new ProxyProtocolDetector());
      pipeline.addLast("proxyAddress", proxy);
    }
    if (listener.secure()) {
      pipeline.addLast("ssl", ssl.newHandler(ch.alloc()));
    }
    // Many small packets flushed in one read turn go out in one syscall.
    pipeline.addLast("flushConsolidation", new FlushConsolidationHandler(256, true));
    WebSocketMqttAdapter webSocket = null;
    if (listener.webSocket()) {
      int maxPacket = config.integer("limits.maxPacketSize");
      pipeline.addLast("http", new HttpServerCodec());
      pipeline.addLast("httpAggregator", new HttpObjectAggregator(64 * 1024));
      pipeline.addLast("webSocket", new WebSocketServerProtocolHandler(
          WebSocketServerProtocolConfig.newBuilder()
              .websocketPath(config.string("ws.path"))
              .subprotocols(SUBPROTOCOLS)
              .maxFramePayloadLength(maxPacket)
              .build()));
      webSocket = new WebSocketMqttAdapter(trustProxy, gate);
      pipeline.addLast("webSocketMqtt", webSocket);
    }
    pipeline.addLast("traffic", traffic);
    Client client = aedes.handle(ch);
    if (proxy != null) {
      proxy.client(client);
    }
    if (webSocket != null) {
      webSocket.client(client);
    }
  }
}
