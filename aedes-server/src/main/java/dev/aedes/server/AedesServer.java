package dev.aedes.server;

import dev.aedes.Aedes;
import dev.aedes.AedesOptions;
import dev.aedes.persistence.rocksdb.RocksPersistence;
import dev.aedes.spi.Persistence;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.ssl.SslContext;
import java.net.InetSocketAddress;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The standalone broker: an {@link Aedes} built from a {@link ServerConfig} behind its TCP, TLS,
 * WebSocket and secure WebSocket listeners, plus the health and metrics endpoint. Start with
 * {@link #start} (the persistence is opened and recovered before the listeners open);
 * {@link #close()} stops accepting, closes the clients, the broker and the persistence, then
 * the event loops.
 */
public final class AedesServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AedesServer.class);
  private static final WriteBufferWaterMark WATER_MARK =
      new WriteBufferWaterMark(64 * 1024, 1024 * 1024);

  private final ServerConfig config;
  private final Persistence persistence;
  private final Aedes aedes;
  private final EventLoops loops = new EventLoops();
  private final ServerMetrics metrics = new ServerMetrics();
  private final ConnectionGate gate;
  private final Map<Listener, Channel> listeners = new EnumMap<>(Listener.class);
  private final CompletableFuture<Void> terminated = new CompletableFuture<>();
  private final UserAuthenticator users;
  private final SysStats sysStats;
  private Channel http;
  private volatile boolean closing;

  private AedesServer(ServerConfig config, Persistence persistence, Consumer<Aedes> setup) {
    this.config = config;
    this.persistence = persistence;
    AedesOptions options = config.brokerOptions().persistence(persistence);
    if (config.string("id") == null && persistence instanceof RocksPersistence rocks) {
      options.id(rocks.instanceId()); // restarted on its data, the same broker (its wills)
    }
    this.aedes = new Aedes(options);
    this.gate = new ConnectionGate(config.integer("limits.maxConnections"),
        config.integer("limits.connectRate"), metrics, System::currentTimeMillis);
    metrics.bind(aedes, gate);
    if (persistence instanceof RocksPersistence rocks) {
      metrics.bind(rocks);
    }
    ConnectionLog.bind(aedes);
    // before setup, so a custom authenticate hook set there replaces it
    this.users = config.users().isEmpty() ? null : new UserAuthenticator(config.users());
    if (users != null) {
      aedes.authenticate(users);
    }
    setup.accept(aedes);
    this.sysStats = new SysStats(aedes, metrics, System.currentTimeMillis());
  }

  /** Starts a server with these settings; fails (having released everything) if one bind does. */
  public static AedesServer start(ServerConfig config) {
    return start(config, aedes -> { });
  }

  /**
   * Starts a server, letting {@code setup} add hooks and listeners to the broker before any
   * client can connect.
   */
  public static AedesServer start(ServerConfig config, Consumer<Aedes> setup) {
    return start(config, setup, () -> ConfiguredPersistence.open(config));
  }

  /** {@link #start(ServerConfig, Consumer)} with the store the server makes and destroys. */
  static AedesServer start(ServerConfig config, Consumer<Aedes> setup,
      Supplier<Persistence> persistenceFactory) {
    // opened (and its state recovered) before any listener accepts a client
    Persistence persistence = persistenceFactory.get();
    AedesServer server;
    try {
      server = new AedesServer(config, persistence, setup);
    } catch (RuntimeException e) {
      persistence.destroy().toCompletableFuture().join();
      throw e;
    }
    try {
      // persistent sessions route messages again before a client can publish
      server.aedes.ready().toCompletableFuture().join();
      server.bindAll();
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
    return server;
  }

  private void bindAll() {
    SslContext ssl = config.bool("tls.enabled") || config.bool("wss.enabled")
        ? TlsContexts.server(config) : null;
    TrafficCounter traffic = new TrafficCounter(metrics);
    for (Listener listener : Listener.values()) {
      if (config.bool(listener.key() + ".enabled")) {
        Channel channel = bind(listener.key(), new MqttChannelInitializer(listener, aedes, ssl,
            config, gate, traffic), true);
        listeners.put(listener, channel);
      }
    }
    if (config.bool("http.enabled")) {
      http = bind("http", new ChannelInitializer<Channel>() {
        @Override
        protected void initChannel(Channel ch) {
          ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(8192),
              new HttpEndpoint(metrics, () -> !closing, AedesServer.this::notReady));
        }
      }, false);
    }
    sysStats.start(loops.workers.next(), config.longValue("sys.interval"));
    LOG.info("aedes-server {} started ({} transport)", aedes.id(), loops.name);
  }

  private Channel bind(String key, ChannelHandler initializer, boolean mqtt) {
    String host = config.string(key + ".host");
    int port = config.integer(key + ".port");
    ServerBootstrap bootstrap = new ServerBootstrap()
        .group(loops.boss, mqtt ? loops.workers : loops.http)
        .channel(loops.serverChannel)
        .option(ChannelOption.SO_BACKLOG, 1024)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childHandler(initializer);
    if (mqtt) {
      bootstrap.childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK);
    }
    try {
      Channel channel = bootstrap.bind(host, port).syncUninterruptibly().channel();
      LOG.info("{} listening on {}", key, channel.localAddress());
      return channel;
    } catch (Exception e) { // a bind failure comes as Netty's (checked) NativeIoException
      throw new IllegalStateException("Cannot listen on " + key + ".host " + host + " "
          + key + ".port " + port + ": " + e.getMessage(), e);
    }
  }

  /** Why the broker cannot take what clients send now (for {@code /ready}), or null. */
  private String notReady() {
    if (persistence instanceof RocksPersistence rocks) {
      String failure = rocks.stats().failure();
      if (failure == null || failure.startsWith("persistence")) {
        return failure; // "persistence write failed: ..." says so already
      }
      return "persistence: " + failure;
    }
    return null;
  }

  /** The broker behind the listeners. */
  public Aedes aedes() {
    return aedes;
  }

  /** The port a listener is bound to (useful with port 0), or -1 when it is off. */
  public int port(Listener listener) {
    Channel channel = listeners.get(listener);
    return channel == null ? -1 : ((InetSocketAddress) channel.localAddress()).getPort();
  }

  /** The health and metrics endpoint's port, or -1 when it is off. */
  public int httpPort() {
    return http == null ? -1 : ((InetSocketAddress) http.localAddress()).getPort();
  }

  /** Completes once {@link #close()} has finished. */
  public CompletionStage<Void> terminated() {
    return terminated;
  }

  /**
   * Graceful stop: stop accepting, close every client (wills are published), the broker and
   * the persistence, then the endpoint and the event loops. Idempotent; waits at most about 15 seconds.
   */
  @Override
  public synchronized void close() {
    if (closing) {
      terminated.join();
      return;
    }
    closing = true;
    LOG.info("aedes-server {} closing", aedes.id());
    listeners.values().forEach(channel -> channel.close().awaitUninterruptibly());
    sysStats.stop();
    try {
      aedes.close().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      LOG.warn("broker did not close cleanly", e);
    }
    try {
      // after the broker: wills and session state are written before the store goes
      persistence.destroy().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      LOG.warn("persistence did not close cleanly", e);
    }
    if (http != null) {
      http.close().awaitUninterruptibly();
    }
    loops.shutdown();
    if (users != null) {
      users.close();
    }
    metrics.close();
    LOG.info("aedes-server {} closed", aedes.id());
    terminated.complete(null);
  }
}
