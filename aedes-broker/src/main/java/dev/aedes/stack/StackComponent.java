package dev.aedes.stack;

/**
 * The broker's parts, named and ordered as mqtt-stack's middleware stack. Each name is the place
 * where that behaviour lives, so a reader (and later {@code Aedes.use(...)}, which inserts a
 * user's middleware before or after one of them) can find it.
 */
public enum StackComponent {
  /** The {@code preConnect} and {@code authenticate} hooks, run by {@code ConnectHandler}. */
  AUTHENTICATION,
  /** The {@code authorizePublish}, {@code authorizeSubscribe} and {@code authorizeForward} hooks. */
  AUTHORIZATION,
  /** {@code KeepAliveTimer}: disconnects a client silent for 1.5 keep alive periods. */
  KEEP_ALIVE,
  /** {@code ClientLifecycle}: stores the will at CONNECT, publishes it on an unclean loss. */
  LAST_WILL,
  /** {@code Sessions} with the {@code Persistence}: clean and persistent sessions, takeover. */
  SESSION_MANAGER,
  /** {@code SubscribeHandler}, {@code UnsubscribeHandler} and the broker's {@code TopicTree}. */
  SUBSCRIPTION_MANAGER,
  /** Retained messages: stored on publish, sent on subscribe ({@code SubscribeHandler}). */
  RETAIN_MANAGER,
  /** {@code PublishHandler}: QoS 0/1/2 from clients, exactly-once on the inbound side. */
  INBOUND_MANAGER,
  /**
   * {@code Outbound}: delivery at the granted QoS, the in-flight window; {@code SessionResume}:
   * resume with DUP; {@code PersistentOutbound}: a persistent session's store writes.
   */
  OUTBOUND_MANAGER
}
