package dev.aedes;

import dev.aedes.memory.MemoryEmitter;
import dev.aedes.memory.MemoryPersistence;
import dev.aedes.spi.MQEmitter;
import dev.aedes.spi.Persistence;
import java.time.Clock;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * How an {@link Aedes} broker is built, with Aedes's option names and defaults: in-memory
 * {@code mq} and {@code persistence}, {@code concurrency} 100, {@code queueLimit} 42,
 * {@code maxClientsIdLength} 23, {@code heartbeatInterval} 60000 ms, a random {@code id},
 * {@code connectTimeout} 30000 ms, {@code maxInflight} 65535 and {@code maxQueued} 10000 messages
 * per client, {@code maxQueuedBytes} 16 MiB per client, {@code expiryCheckInterval} 1000 ms, the system clock. Fluent setters; a broker
 * copies what it needs at creation.
 */
public final class AedesOptions {
  private Supplier<MQEmitter> mq = MemoryEmitter::new;
  private Supplier<Persistence> persistence = MemoryPersistence::new;
  private int concurrency = 100;
  private int queueLimit = 42;
  private int maxClientsIdLength = 23;
  private long heartbeatInterval = 60_000;
  private String id = UUID.randomUUID().toString();
  private long connectTimeout = 30_000;
  private int maxPacketSize = 268_435_460;
  private int maxInflight = 65_535;
  private int maxQueued = 10_000;
  private long maxQueuedBytes = 16L * 1024 * 1024;
  private long expiryCheckInterval = 1_000;
  private long inflightWriteDelay;
  private Clock clock = Clock.systemUTC();
  private boolean wildcardSubscriptionAvailable = true;
  private boolean subscriptionIdentifiersAvailable = true;
  private boolean sharedSubscriptionAvailable = true;
  private String responseInformation;
  private SharedSubscriptionStrategy sharedSubscriptionStrategy =
      SharedSubscriptionStrategy.roundRobin();
  private int receiveMaximum = 65_535;
  private int topicAliasMaximum = 10;
  private int serverKeepAlive = -1;
  private int maximumQoS = 2;
  private boolean retainAvailable = true;

  /** The message bus; a fresh in-memory one by default. */
  public AedesOptions mq(MQEmitter emitter) {
    this.mq = () -> emitter;
    return this;
  }

  /** The store of retained messages, sessions and wills; in-memory by default. */
  public AedesOptions persistence(Persistence store) {
    this.persistence = () -> store;
    return this;
  }

  /** How many messages the bus may deliver at once (mqemitter's concurrency). */
  public AedesOptions concurrency(int value) {
    this.concurrency = positive(value, "concurrency");
    return this;
  }

  /** How many packets a client may send before its CONNECT has been processed. */
  public AedesOptions queueLimit(int value) {
    this.queueLimit = positive(value, "queueLimit");
    return this;
  }

  /** The longest client id accepted; longer ones get CONNACK "identifier rejected". */
  public AedesOptions maxClientsIdLength(int value) {
    this.maxClientsIdLength = positive(value, "maxClientsIdLength");
    return this;
  }

  /** Milliseconds between two {@code $SYS/<id>/heartbeat} messages. */
  public AedesOptions heartbeatInterval(long millis) {
    this.heartbeatInterval = positive(millis, "heartbeatInterval");
    return this;
  }

  /** The broker id used in {@code $SYS} topics and in wills; a random UUID by default. */
  public AedesOptions id(String value) {
    if (value == null || value.isEmpty() || value.contains("/") || value.contains("+")
        || value.contains("#")) {
      throw new IllegalArgumentException("id must be a non-empty topic level: " + value);
    }
    this.id = value;
    return this;
  }

  /** Milliseconds a new connection has to send CONNECT before it is closed. */
  public AedesOptions connectTimeout(long millis) {
    this.connectTimeout = positive(millis, "connectTimeout");
    return this;
  }

  /**
   * Largest inbound packet in bytes; a larger one closes the connection (0x95 in MQTT 5, whose
   * CONNACK announces it as Maximum Packet Size when below the protocol's limit).
   */
  public AedesOptions maxPacketSize(int bytes) {
    this.maxPacketSize = (int) positive(bytes, "maxPacketSize");
    return this;
  }

  /**
   * QoS 1/2 messages a client may have unacknowledged; further ones wait, in order, in its
   * session until an acknowledgement frees a slot. 65535 (every message id) by default.
   */
  public AedesOptions maxInflight(int messages) {
    this.maxInflight = positive(messages, "maxInflight");
    return this;
  }

  /**
   * How often expired MQTT 5 sessions are removed and delayed wills whose time came are
   * published; sessions are also checked when their client id connects again.
   */
  public AedesOptions expiryCheckInterval(long millis) {
    this.expiryCheckInterval = positive(millis, "expiryCheckInterval");
    return this;
  }

  /**
   * QoS 1/2 messages that may wait for an in-flight slot per client; beyond it new QoS 0
   * messages for that client are dropped (see also {@link #maxQueuedBytes}), and so are QoS 1/2
   * ones of a clean session, counted in
   * {@link Aedes#droppedMessages()}. A persistent session's QoS 1/2 messages are never dropped:
   * they keep waiting (a warning is logged once).
   */
  public AedesOptions maxQueued(int messages) {
    this.maxQueued = positive(messages, "maxQueued");
    return this;
  }

  /**
   * Bytes of messages written to a client that its socket has not taken yet (encoded size plus
   * the write queue's per-message overhead); a QoS 0 message for a client beyond it is dropped
   * and counted in {@link Aedes#droppedMessages()}. Below it, QoS 0 messages for a slow
   * subscriber wait, as in Mosquitto and Aedes, and its publishers are read more slowly while it
   * catches up (fan-in backpressure, counted in {@link Aedes#readPauses()}); the bound keeps a
   * subscriber that does not read from holding more than this much broker memory, and one whose
   * socket takes nothing for 2 s no longer slows its publishers.
   */
  public AedesOptions maxQueuedBytes(long bytes) {
    this.maxQueuedBytes = positive(bytes, "maxQueuedBytes");
    return this;
  }

  /**
   * How long a QoS 1 copy sent to a connected persistent session may wait for the client's
   * PUBACK before it is written to persistence (0, the default: written at once). The
   * publisher's PUBACK waits for whichever comes first, the subscriber's PUBACK or the durable
   * write, so nothing acknowledged is lost in a crash; a subscriber that keeps up has most
   * copies never written nor cleared, which spares a durable store (RocksDB) most of its work.
   * A client more than half of whose recent copies wait out the delay has its copies written
   * at once again, until a probe's PUBACK comes back within three quarters of the delay. Worth
   * it with a durable store only: an in-memory store's write costs less than the wait.
   */
  public AedesOptions inflightWriteDelay(long millis) {
    if (millis < 0 || millis > DeferredWrites.MAX_DELAY_MILLIS) {
      throw new IllegalArgumentException("inflightWriteDelay must be 0.."
          + DeferredWrites.MAX_DELAY_MILLIS + " ms: " + millis);
    }
    this.inflightWriteDelay = millis;
    return this;
  }

  /**
   * The clock for Message Expiry, Session Expiry and Will Delay deadlines (a test may pass one it
   * moves itself).
   */
  public AedesOptions clock(Clock value) {
    this.clock = java.util.Objects.requireNonNull(value, "clock");
    return this;
  }

  /**
   * Whether clients may subscribe with '+' and '#' (true by default); announced in an MQTT 5
   * CONNACK, and a wildcard filter is refused with SUBACK 0xA2 when false (0x80 before 5).
   */
  public AedesOptions wildcardSubscriptionAvailable(boolean available) {
    this.wildcardSubscriptionAvailable = available;
    return this;
  }

  /**
   * Whether MQTT 5 clients may give a Subscription Identifier (true by default); announced in
   * CONNACK, and a SUBSCRIBE with one is refused with SUBACK 0xA1 when false.
   */
  public AedesOptions subscriptionIdentifiersAvailable(boolean available) {
    this.subscriptionIdentifiersAvailable = available;
    return this;
  }

  /**
   * Whether clients may subscribe to {@code $share/{group}/{filter}} (true by default);
   * announced in an MQTT 5 CONNACK, and refused with SUBACK 0x9E when false (0x80 before 5).
   */
  public AedesOptions sharedSubscriptionAvailable(boolean available) {
    this.sharedSubscriptionAvailable = available;
    return this;
  }

  /**
   * Response Information for MQTT 5 clients that set Request Response Information (the basis
   * of their response topics, [MQTT 5.0] 4.10); null (the default) sends none.
   */
  public AedesOptions responseInformation(String information) {
    this.responseInformation = information;
    return this;
  }

  public String responseInformation() {
    return responseInformation;
  }

  /** How one member of a shared subscription group is chosen; round-robin by default. */
  public AedesOptions sharedSubscriptionStrategy(SharedSubscriptionStrategy strategy) {
    this.sharedSubscriptionStrategy = java.util.Objects.requireNonNull(strategy, "strategy");
    return this;
  }

  /**
   * MQTT 5 QoS 1/2 messages a client may have unacknowledged towards the broker (65535 by
   * default, announced in CONNACK when smaller); one more gets DISCONNECT 0x93.
   */
  public AedesOptions receiveMaximum(int messages) {
    this.receiveMaximum = within(messages, 1, 65_535, "receiveMaximum");
    return this;
  }

  /** Highest Topic Alias an MQTT 5 client may use (10 by default, 0 for none); in CONNACK. */
  public AedesOptions topicAliasMaximum(int maximum) {
    this.topicAliasMaximum = within(maximum, 0, 65_535, "topicAliasMaximum");
    return this;
  }

  /**
   * Seconds of keep alive imposed on MQTT 5 clients instead of theirs (Server Keep Alive in
   * CONNACK; 0 turns keep alive off); -1, the default, keeps the client's.
   */
  public AedesOptions serverKeepAlive(int seconds) {
    this.serverKeepAlive = within(seconds, -1, 65_535, "serverKeepAlive");
    return this;
  }

  /**
   * Highest QoS accepted in PUBLISH (2 by default): subscriptions are granted at most this QoS,
   * MQTT 5 CONNACK announces it, and a PUBLISH or will above it is refused (0x9B).
   */
  public AedesOptions maximumQoS(int qos) {
    this.maximumQoS = within(qos, 0, 2, "maximumQoS");
    return this;
  }

  /** Whether retained messages are accepted (true); else a retained PUBLISH gets 0x9A. */
  public AedesOptions retainAvailable(boolean available) {
    this.retainAvailable = available;
    return this;
  }

  public int receiveMaximum() {
    return receiveMaximum;
  }

  public int topicAliasMaximum() {
    return topicAliasMaximum;
  }

  public int serverKeepAlive() {
    return serverKeepAlive;
  }

  public int maximumQoS() {
    return maximumQoS;
  }

  public boolean retainAvailable() {
    return retainAvailable;
  }

  public boolean wildcardSubscriptionAvailable() {
    return wildcardSubscriptionAvailable;
  }

  public boolean subscriptionIdentifiersAvailable() {
    return subscriptionIdentifiersAvailable;
  }

  public boolean sharedSubscriptionAvailable() {
    return sharedSubscriptionAvailable;
  }

  public SharedSubscriptionStrategy sharedSubscriptionStrategy() {
    return sharedSubscriptionStrategy;
  }

  MQEmitter mq() {
    return mq.get();
  }

  Persistence persistence() {
    return persistence.get();
  }

  public int concurrency() {
    return concurrency;
  }

  public int queueLimit() {
    return queueLimit;
  }

  public int maxClientsIdLength() {
    return maxClientsIdLength;
  }

  public long heartbeatInterval() {
    return heartbeatInterval;
  }

  public String id() {
    return id;
  }

  public long connectTimeout() {
    return connectTimeout;
  }

  public int maxPacketSize() {
    return maxPacketSize;
  }

  public int maxInflight() {
    return maxInflight;
  }

  public int maxQueued() {
    return maxQueued;
  }

  public long maxQueuedBytes() {
    return maxQueuedBytes;
  }

  public long expiryCheckInterval() {
    return expiryCheckInterval;
  }

  public Clock clock() {
    return clock;
  }

  public long inflightWriteDelay() {
    return inflightWriteDelay;
  }

  private static int within(int value, int min, int max, String name) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(name + " must be " + min + ".." + max + ": " + value);
    }
    return value;
  }

  private static int positive(int value, String name) {
    return (int) positive((long) value, name);
  }

  private static long positive(long value, String name) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be positive: " + value);
    }
    return value;
  }
}
