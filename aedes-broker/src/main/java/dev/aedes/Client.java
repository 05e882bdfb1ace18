package dev.aedes;

import dev.aedes.connection.Connection;
import dev.aedes.hooks.AuthStep;
import dev.aedes.packet.ConnectPacket;
import dev.aedes.packet.PublishPacket;
import dev.aedes.packet.SubscribePacket;
import dev.aedes.packet.Subscription;
import dev.aedes.packet.UnsubscribePacket;
import dev.aedes.session.Lane;
import dev.aedes.session.Session;
import java.net.SocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * One connected (or connecting) MQTT client, as Aedes's {@code Client}: its id and state, the
 * {@link Connection} it speaks over, and methods to publish to it, subscribe or unsubscribe it
 * and close it. Its state changes only on its own lane (its event loop); the public methods may
 * be called from any thread.
 */
public final class Client {
  final Aedes broker;
  final Connection conn;
  final Lane lane;
  final InboundQueue inbound;
  final Outbound outbound;
  final KeepAliveTimer keepAlive;
  final ReadGate readGate;
  final Backpressure backpressure;
  private final List<Runnable> connectedListeners = new CopyOnWriteArrayList<>();
  private final List<Consumer<Throwable>> errorListeners = new CopyOnWriteArrayList<>();
  private final CompletableFuture<Void> closedFuture = new CompletableFuture<>();
  /** Completes once a closed client's session has gone on (away, ended, or taken over). */
  private final CompletableFuture<Void> sessionReleased = new CompletableFuture<>();
  /** Completes once this client, closed, has let go of its id ({@link ClientIdClaims#claim}). */
  private final CompletableFuture<Void> idReleased = new CompletableFuture<>();

  volatile String id;
  volatile boolean clean = true;
  volatile int protocolVersion = 4;
  /** The client's Receive Maximum (MQTT 5 CONNECT property; 65535 when absent). */
  volatile int receiveMaximum = 65_535;
  /** The client's Maximum Packet Size (MQTT 5 CONNECT property; the protocol's when absent). */
  int maximumPacketSize = dev.aedes.packet.Parser.MAX_PACKET_SIZE;
  /** This connection's Topic Alias mappings, both directions (MQTT 5). */
  TopicAliases aliases = TopicAliases.NONE;
  /** Message ids of QoS 1/2 PUBLISH received and not yet answered (PUBACK, PUBCOMP). */
  final java.util.Set<Integer> unanswered = new java.util.HashSet<>();
  volatile boolean connecting;
  volatile boolean connected;
  /** CONNACK 0 was sent: the session is live and packets other than CONNECT are handled. */
  volatile boolean accepted;
  volatile boolean closed;
  /** Set once the broker announced the client (the {@code client} event). */
  boolean registered;
  /** A QoS 2 PUBLISH arrived: persistence may hold it until PUBREL (cleaned at close). */
  boolean receivedQos2;
  /** A DISCONNECT arrived: the will is discarded ([MQTT-3.14.4-3]). */
  boolean disconnected;
  PublishPacket will;
  /** Will Delay Interval of the will in seconds (MQTT 5; 0 publishes at once). */
  long willDelay;
  /**
   * Session Expiry Interval in seconds: 0 ends the session with the connection, 0xFFFFFFFF
   * never; an MQTT 3.1.1 persistent session never expires.
   */
  long sessionExpiry;
  /** The Session Expiry Interval in CONNECT was 0 (a DISCONNECT may not raise it). */
  boolean connectExpiryZero;
  Session session;
  /** MQTT 5 Request Problem Information (default 1): 0 limits Reason Strings ([MQTT-3.1.2-29]). */
  boolean requestProblemInformation = true;
  /** MQTT 5 Request Response Information = 1: CONNACK may carry Response Information. */
  boolean requestResponseInformation;
  /** The reason code of the client's DISCONNECT, or -1 when none arrived. */
  volatile int disconnectReasonCode = -1;
  /** MQTT 5 enhanced authentication: the method named in CONNECT, or null. */
  String authMethod;
  /** The exchange waiting for the client's AUTH 0x18, or null. */
  AuthStep authPending;
  /** The CONNECT being authenticated (until CONNACK), and whether its id was assigned. */
  ConnectPacket authConnect;
  boolean authIdAssigned;
  /** Authentication Data for the CONNACK of a successful enhanced authentication. */
  byte[] authData;
  Map<String, String> req;
  volatile SocketAddress realAddress;
  /** The timer an enhanced authentication exchange waits for the client's AUTH with, or null. */
  java.util.concurrent.ScheduledFuture<?> connectTimeout;

  Client(Aedes broker, Connection conn, Lane lane) {
    this.broker = broker;
    this.conn = conn;
    this.lane = lane;
    this.inbound = new InboundQueue(this);
    this.outbound = new Outbound(this);
    this.keepAlive = new KeepAliveTimer(this);
    this.readGate = new ReadGate(this);
    this.backpressure = new Backpressure(this);
    conn.onDrain(backpressure::drained);
    conn.onClose(backpressure::drained);
  }

  /** The client id (null until CONNECT has been read; generated for an empty one). */
  public String id() {
    return id;
  }

  /** True for a clean session (3.1.1 Clean Session, 5.0 Clean Start). */
  public boolean clean() {
    return clean;
  }

  /**
   * True from CONNECT until the session is ready: as in Aedes it stays true after CONNACK,
   * until the messages queued while the client was away have been sent ({@code clientReady}).
   */
  public boolean connecting() {
    return connecting;
  }

  /** True from {@code clientReady} (and {@link #onConnected}) until the client closes. */
  public boolean connected() {
    return connected;
  }

  /**
   * True when the client's session outlives the connection, so its QoS 1/2 messages are
   * stored; read from other threads once the client is registered (its session is set before).
   */
  boolean persistentSession() {
    Session current = session;
    return current != null && !current.clean();
  }

  /** True once the connection is closed. */
  public boolean closed() {
    return closed;
  }

  /** The protocol level of the client's CONNECT (3, 4 or 5). */
  public int protocolVersion() {
    return protocolVersion;
  }

  /**
   * The reason code of the DISCONNECT the client sent (0 normal, 0x04 with will, 0x80 and more
   * for errors; 3.1.1 DISCONNECT counts as 0), or -1 when it left without one. Set before
   * {@code clientDisconnect} is emitted.
   */
  public int disconnectReasonCode() {
    return disconnectReasonCode;
  }

  /** The connection the client speaks over. */
  public Connection conn() {
    return conn;
  }

  /** The WebSocket upgrade request headers, or null for other transports. */
  public Map<String, String> req() {
    return req;
  }

  /** Sets the upgrade request headers (by the transport that accepted the connection). */
  public void req(Map<String, String> headers) {
    this.req = headers == null ? null : Map.copyOf(headers);
  }

  /**
   * The peer's address: the one a trusted proxy reported (PROXY protocol, X-Forwarded-For) when
   * the transport set it, else the connection's own remote address (null when it has none).
   */
  public SocketAddress remoteAddress() {
    SocketAddress real = realAddress;
    return real != null ? real : conn.remoteAddress();
  }

  /**
   * Sets the client's real address, as told by a trusted proxy in front of the broker (by the
   * transport that accepted the connection, before CONNECT is processed).
   */
  public void remoteAddress(SocketAddress address) {
    this.realAddress = address;
  }

  /** Runs when the client has been accepted (CONNACK sent). */
  public void onConnected(Runnable listener) {
    connectedListeners.add(listener);
  }

  /** Receives this client's errors (also emitted as the broker's {@code clientError}). */
  public void onError(Consumer<Throwable> listener) {
    errorListeners.add(listener);
  }

  /**
   * Sends a message to this client alone, bypassing subscriptions; QoS 1 and 2 go through the
   * full acknowledgement flow. {@code done} gets null once it is written, or the error.
   */
  public void publish(PublishPacket packet, Consumer<Throwable> done) {
    lane.run(() -> outbound.deliverDirect(packet, done == null ? e -> { } : done));
  }

  /**
   * Subscribes this client as if it had sent SUBSCRIBE; with a message id the SUBACK is sent to
   * it too.
   */
  public void subscribe(SubscribePacket packet, Consumer<Throwable> done) {
    lane.run(() -> complete(SubscribeHandler.handle(this, packet), done));
  }

  /** Subscribes this client to topic filters without sending a SUBACK. */
  public void subscribe(List<Subscription> subscriptions, Consumer<Throwable> done) {
    lane.run(() -> complete(SubscribeHandler.subscribe(this, subscriptions, 0), done));
  }

  /** Unsubscribes this client as if it had sent UNSUBSCRIBE (UNSUBACK sent with an id). */
  public void unsubscribe(UnsubscribePacket packet, Consumer<Throwable> done) {
    lane.run(() -> complete(UnsubscribeHandler.handle(this, packet), done));
  }

  /** Closes the connection; the will is published as for any loss not preceded by DISCONNECT. */
  public void close(Runnable done) {
    lane.run(() -> ClientLifecycle.close(this, null));
    if (done != null) {
      closedFuture.whenComplete((v, e) -> done.run());
    }
  }

  /** Completes when the client has closed and its disconnect is done. */
  CompletionStage<Void> closedStage() {
    return closedFuture;
  }

  /**
   * Completes once this closed client's session has gone on: away, ended, or to a new
   * connection. Unlike {@link #closedStage} it does not wait for the will's stores, which may be
   * waiting for a message to this very session.
   */
  CompletionStage<Void> sessionReleasedStage() {
    return sessionReleased;
  }

  void markSessionReleased() {
    sessionReleased.complete(null);
  }

  /**
   * Completes once this client has closed and its CONNECT's steps are over, and so has every
   * older connection it was taking the id over from: a newer connection then opens the session
   * alone ([MQTT-3.1.4-2]).
   */
  CompletionStage<Void> idReleasedStage() {
    return idReleased;
  }

  void markIdReleased() {
    idReleased.complete(null);
  }

  void markClosed() {
    closedFuture.complete(null);
  }

  void emitConnected() {
    for (Runnable listener : connectedListeners) {
      listener.run();
    }
  }

  void emitError(Throwable error) {
    for (Consumer<Throwable> listener : errorListeners) {
      listener.accept(error);
    }
  }

  private static void complete(CompletionStage<Void> stage, Consumer<Throwable> done) {
    if (done != null) {
      stage.whenComplete((v, e) -> done.accept(e));
    }
  }

  @Override
  public String toString() {
    return "Client[" + id + (closed ? ", closed" : connected ? ", connected" : "") + "]";
  }
}
