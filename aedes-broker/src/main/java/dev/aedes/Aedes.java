package dev.aedes;

import dev.aedes.connection.Connection;
import dev.aedes.connection.ConnectionOptions;
import dev.aedes.hooks.AuthenticateHook;
import dev.aedes.hooks.AuthorizeForwardHook;
import dev.aedes.hooks.AuthorizePublishHook;
import dev.aedes.hooks.AuthorizeSubscribeHook;
import dev.aedes.hooks.EnhancedAuthenticator;
import dev.aedes.hooks.PreConnectHook;
import dev.aedes.hooks.PublishedHook;
import dev.aedes.packet.ConnackPacket;
import dev.aedes.packet.Packet;
import dev.aedes.packet.PingreqPacket;
import dev.aedes.packet.PublishPacket;
import dev.aedes.session.Lane;
import dev.aedes.spi.MQEmitter;
import dev.aedes.spi.Persistence;
import io.netty.channel.Channel;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * An MQTT broker, as Aedes: give it connections with {@link #handle}, shape it with hooks,
 * follow it with events. Transports (TCP, TLS, WebSocket) belong to the caller or to
 * aedes-server; two brokers can share a JVM.
 */
public final class Aedes {
  final AedesOptions options;
  final Persistence persistence;
  final MQEmitter mq;
  final Hooks hooks = new Hooks();
  final Events events = new Events();
  final Sessions sessions = new Sessions(this);
  final ClientIdClaims claims = new ClientIdClaims();
  final Subscriptions subscriptions;
  final Router messageRouter = new Router(this);
  final SessionHandOff handOff = new SessionHandOff(this);
  final BrokerPublish publishing = new BrokerPublish(this);
  final IncomingReleases releases = new IncomingReleases();
  final LongAdder droppedMessages = new LongAdder();
  final LongAdder readPauses = new LongAdder();
  final LongAdder overflowedMessages = new LongAdder();
  /** Deferred copies ({@code inflightWriteDelay}) acknowledged unwritten, and written. */
  final LongAdder deferredAcknowledged = new LongAdder();
  final LongAdder deferredWritten = new LongAdder();
  final SysEvents sys;
  final MessageExpiry expiry;
  final WillDelay wills = new WillDelay(this);
  final WillRecovery willRecovery = new WillRecovery(this);
  final QueueExpiry queueExpiry = new QueueExpiry(this);
  private final String id;
  private final BrokerLifecycle lifecycle;
  private final CompletableFuture<Void> ready;

  /** A broker with Aedes's defaults. */
  public Aedes() {
    this(new AedesOptions());
  }

  /** A broker with these options. */
  public Aedes(AedesOptions options) {
    this.options = options;
    this.id = options.id();
    this.persistence = options.persistence();
    this.mq = options.mq();
    this.subscriptions = new Subscriptions(options.sharedSubscriptionStrategy());
    this.lifecycle = new BrokerLifecycle(this);
    this.sys = new SysEvents(this);
    this.expiry = new MessageExpiry(options.clock());
    this.ready = lifecycle.start();
  }

  /**
   * Completes once the persistent sessions stored in persistence are back (their subscriptions
   * route messages again) and the wills this broker id left in a previous run are published or
   * waiting for their delay, or fails if the store could not list the sessions; a server opens
   * its listeners after it. With an in-memory store it is complete when the constructor returns,
   * so an embedded broker may take connections at once.
   */
  public CompletionStage<Void> ready() {
    return ready;
  }

  /** The broker id, used in {@code $SYS} topics. */
  public String id() {
    return id;
  }

  /** How many clients are connected. */
  public int connectedClients() {
    return sessions.connectedCount();
  }

  /** True once {@link #close} has been called. */
  public boolean closed() {
    return lifecycle.closed();
  }

  /**
   * How many messages were dropped for subscribers that could not keep up: QoS 0 beyond
   * {@link AedesOptions#maxQueuedBytes} or {@link AedesOptions#maxQueued}, and QoS 1/2 of clean
   * sessions beyond {@link AedesOptions#maxQueued}.
   */
  public long droppedMessages() {
    return droppedMessages.sum();
  }

  /**
   * How many times a publisher's socket was paused because a subscriber of its messages was
   * not keeping up (fan-in backpressure; each pause ends when the subscriber drains, or after
   * 2 s).
   */
  public long readPauses() {
    return readPauses.sum();
  }

  /**
   * How many queued messages the expiry checks removed from persistence because their Message
   * Expiry Interval passed before they were sent ([MQTT-3.3.2-5]); a session's resume drops
   * those it finds expired without counting them here.
   */
  public long expiredMessages() {
    return queueExpiry.removed();
  }

  /** How many QoS 1/2 messages were dropped because a client already had maxQueued waiting. */
  public long overflowedMessages() {
    return overflowedMessages.sum();
  }

  /**
   * QoS 1 copies for connected persistent sessions whose write was deferred
   * ({@link AedesOptions#inflightWriteDelay}): {@code acknowledged} ones came back before the
   * delay and were never written, the others were written (delay passed, or written first for
   * a later entry or a closing connection).
   */
  public long deferredWrites(boolean acknowledged) {
    return (acknowledged ? deferredAcknowledged : deferredWritten).sum();
  }

  /** Retained messages stored, as the persistence counts them (-1 when it cannot tell). */
  public long retainedCount() {
    return persistence.retainedCount();
  }

  /** QoS 1/2 messages in flight or waiting for a slot, over all connected clients. */
  public long queuedMessages() {
    long sum = 0;
    for (Client client : sessions.connectedClients()) {
      sum += client.outbound.queueDepth();
    }
    return sum;
  }

  /** Takes a Netty channel as a client connection; the client lives on its event loop. */
  public Client handle(Channel channel) {
    Connection conn = Connection.server(channel, connectionOptions());
    return lifecycle.accept(conn, Lane.of(channel.eventLoop()), () -> { });
  }

  /** Takes any byte stream pair as a client connection. */
  public Client handle(InputStream in, OutputStream out) {
    // nothing is read before the client's listeners are wired on its lane
    Connection conn = Connection.server(in, out, connectionOptions().withAutoRead(false));
    return lifecycle.accept(conn, lifecycle.streamLane(), conn::startReading);
  }

  private ConnectionOptions connectionOptions() {
    return ConnectionOptions.DEFAULT.withMaxPacketSize(options.maxPacketSize());
  }

  /** Registers {@code deliver} for messages matching {@code topic} (topic + function is the key). */
  public CompletionStage<Void> subscribe(String topic, MQEmitter.Listener deliver) {
    return mq.on(topic, deliver);
  }

  /** Removes a registration made with {@link #subscribe}. */
  public CompletionStage<Void> unsubscribe(String topic, MQEmitter.Listener deliver) {
    return mq.removeListener(topic, deliver);
  }

  /**
   * Publishes a message as the broker itself: {@code authorizePublish} is not asked, the
   * {@code publish} event has a null client.
   */
  public CompletionStage<Void> publish(PublishPacket packet) {
    return publishInternal(packet, null);
  }

  /** {@link #publish(PublishPacket)} with a callback that gets null or the error. */
  public void publish(PublishPacket packet, Consumer<Throwable> done) {
    publish(packet).whenComplete((v, e) -> done.accept(e));
  }

  /** Store retained, emit on the bus, the {@code published} hook, the {@code publish} event. */
  CompletionStage<Void> publishInternal(PublishPacket packet, Client client) {
    return publishInternal(packet, client, null);
  }

  /**
   * {@link #publishInternal(PublishPacket, Client)}, completing {@code routed} (when not null)
   * as soon as the message is handed to the bus ({@link BrokerPublish#publish}).
   */
  CompletionStage<Void> publishInternal(PublishPacket packet, Client client,
      CompletableFuture<Void> routed) {
    return publishing.publish(packet, client, routed);
  }

  /**
   * {@link #publishInternal(PublishPacket, Client, CompletableFuture)}, completing with
   * {@code answer}'s value.
   */
  <T> CompletionStage<T> publishInternal(PublishPacket packet, Client client,
      CompletableFuture<Void> routed, Supplier<T> answer) {
    return publishing.publish(packet, client, routed, answer);
  }

  /** A QoS 2 message released by its PUBREL, with its store write ({@link BrokerPublish}). */
  CompletionStage<Void> publishReleased(PublishPacket packet, Client client,
      Supplier<CompletionStage<Void>> release) {
    return publishing.released(packet, client, release);
  }

  /**
   * Removes expired sessions and expired queued messages, and publishes delayed wills whose
   * time came (on the timer).
   */
  void expire() {
    long now = options.clock().millis();
    wills.publishDue(now);
    sessions.expire(now);
    queueExpiry.sweep(now);
  }

  /** Disconnects every client, stops the timers and the bus, then emits {@code closed}. */
  public CompletionStage<Void> close() {
    return lifecycle.close();
  }

  /** {@link #close()} with a callback. */
  public void close(Runnable done) {
    close().whenComplete((v, e) -> done.run());
  }

  // Hooks

  public void preConnect(PreConnectHook hook) {
    hooks.preConnect = hook;
  }

  public void authenticate(AuthenticateHook hook) {
    hooks.authenticate = hook;
  }

  public void authorizePublish(AuthorizePublishHook hook) {
    hooks.authorizePublish = hook;
  }

  public void authorizeSubscribe(AuthorizeSubscribeHook hook) {
    hooks.authorizeSubscribe = hook;
  }

  public void authorizeForward(AuthorizeForwardHook hook) {
    hooks.authorizeForward = hook;
  }

  public void published(PublishedHook hook) {
    hooks.published = hook;
  }

  /**
   * Registers an MQTT 5 enhanced authentication method under its name (the CONNECT's
   * Authentication Method, e.g. "SCRAM-SHA-256"); null removes it. An unknown method is refused
   * with CONNACK 0x8C ([MQTT-4.12.0-1]).
   */
  public void enhancedAuthenticator(String method, EnhancedAuthenticator authenticator) {
    if (authenticator == null) {
      hooks.enhancedAuthenticators.remove(method);
    } else {
      hooks.enhancedAuthenticators.put(method, authenticator);
    }
  }

  // Events

  public void onClient(Consumer<Client> listener) {
    events.client.add(listener);
  }

  public void onClientReady(Consumer<Client> listener) {
    events.clientReady.add(listener);
  }

  public void onClientDisconnect(Consumer<Client> listener) {
    events.clientDisconnect.add(listener);
  }

  public void onClientError(BiConsumer<Client, Throwable> listener) {
    events.clientError.add(listener);
  }

  public void onConnectionError(BiConsumer<Client, Throwable> listener) {
    events.connectionError.add(listener);
  }

  public void onKeepaliveTimeout(Consumer<Client> listener) {
    events.keepaliveTimeout.add(listener);
  }

  /** Every message published, with its client (null for the broker's own messages). */
  public void onPublish(BiConsumer<PublishPacket, Client> listener) {
    events.publish.add(listener);
  }

  /**
   * A subscriber acknowledged a QoS 1 or 2 message, as Aedes's {@code ack}: on PUBACK with the
   * PUBLISH it acknowledges, on PUBCOMP with the PUBREL it completes.
   */
  public void onAck(BiConsumer<Packet, Client> listener) {
    events.ack.add(listener);
  }

  public void onPing(BiConsumer<PingreqPacket, Client> listener) {
    events.ping.add(listener);
  }

  public void onSubscribe(BiConsumer<List<GrantedSubscription>, Client> listener) {
    events.subscribe.add(listener);
  }

  public void onUnsubscribe(BiConsumer<List<String>, Client> listener) {
    events.unsubscribe.add(listener);
  }

  public void onConnackSent(BiConsumer<ConnackPacket, Client> listener) {
    events.connackSent.add(listener);
  }

  public void onClosed(Runnable listener) {
    events.closed.add(listener);
  }
}
