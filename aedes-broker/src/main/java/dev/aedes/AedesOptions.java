package dev.aedes;

import dev.aedes.memory.MemoryEmitter;
import dev.aedes.memory.MemoryPersistence;
import dev.aedes.spi.MQEmitter;
import dev.aedes.spi.Persistence;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * How an {@link Aedes} broker is built, with Aedes's option names and defaults: in-memory
 * {@code mq} and {@code persistence}, {@code concurrency} 100, {@code queueLimit} 42,
 * {@code maxClientsIdLength} 23, {@code heartbeatInterval} 60000 ms, a random {@code id},
 * {@code connectTimeout} 30000 ms. Fluent setters; a broker copies what it needs at creation.
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
  private boolean wildcardSubscriptionAvailable = true;
  private boolean subscriptionIdentifiersAvailable = true;
  private boolean sharedSubscriptionAvailable = true;
  private SharedSubscriptionStrategy sharedSubscriptionStrategy =
      SharedSubscriptionStrategy.roundRobin();

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

  /** Largest inbound packet in bytes; a larger one closes the connection (0x95 in MQTT 5). */
  public AedesOptions maxPacketSize(int bytes) {
    this.maxPacketSize = (int) positive(bytes, "maxPacketSize");
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

  /** How one member of a shared subscription group is chosen; round-robin by default. */
  public AedesOptions sharedSubscriptionStrategy(SharedSubscriptionStrategy strategy) {
    this.sharedSubscriptionStrategy = java.util.Objects.requireNonNull(strategy, "strategy");
    return this;
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
