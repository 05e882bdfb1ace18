package dev.aedes.server;

import dev.aedes.server.ConfigKey.Type;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Every configuration key of the server, in the order {@code --help} lists them. */
final class ConfigKeys {
  static final List<ConfigKey> ALL = List.of(
      key("id", Type.STRING, null, "broker id used in $SYS topics and for wills (default: "
          + "with RocksDB the id kept in its data directory, else a random UUID)"),
      choice("logLevel", "info", List.of("trace", "debug", "info", "warn", "error"),
          "root log level"),
      key("tcp.enabled", Type.BOOLEAN, "true", "MQTT over TCP listener on/off"),
      key("tcp.host", Type.STRING, "0.0.0.0", "TCP listener address"),
      key("tcp.port", Type.PORT, "1883", "TCP listener port (0: any free port)"),
      key("tls.enabled", Type.BOOLEAN, "false", "MQTT over TLS listener on/off"),
      key("tls.host", Type.STRING, "0.0.0.0", "TLS listener address"),
      key("tls.port", Type.PORT, "8883", "TLS listener port"),
      key("tls.cert", Type.FILE, null, "PEM certificate chain (TLS and secure WebSocket)"),
      key("tls.key", Type.FILE, null, "PEM private key, PKCS#8 (TLS and secure WebSocket)"),
      key("tls.keyPassword", Type.STRING, null, "password of an encrypted private key"),
      key("tls.ca", Type.FILE, null, "PEM CA certificates that client certificates must chain to"),
      choice("tls.clientAuth", "none", List.of("none", "optional", "require"),
          "client certificate verification (needs tls.ca)"),
      key("ws.enabled", Type.BOOLEAN, "false", "MQTT over WebSocket listener on/off"),
      key("ws.host", Type.STRING, "0.0.0.0", "WebSocket listener address"),
      key("ws.port", Type.PORT, "8888", "WebSocket listener port"),
      key("ws.path", Type.STRING, "/mqtt", "WebSocket path (ws and wss)"),
      key("wss.enabled", Type.BOOLEAN, "false", "MQTT over secure WebSocket listener on/off"),
      key("wss.host", Type.STRING, "0.0.0.0", "secure WebSocket listener address"),
      key("wss.port", Type.PORT, "8889", "secure WebSocket listener port"),
      key("http.enabled", Type.BOOLEAN, "true", "/health, /ready and /metrics endpoint on/off"),
      key("http.host", Type.STRING, "127.0.0.1", "health and metrics endpoint address"),
      key("http.port", Type.PORT, "9100", "health and metrics endpoint port"),
      key("trustProxy", Type.BOOLEAN, "false",
          "take the client address from PROXY protocol v1/v2 (TCP, TLS) and "
              + "X-Forwarded-For/X-Real-IP (WebSocket)"),
      range("broker.concurrency", Type.INT, "100", 1, Integer.MAX_VALUE,
          "messages the bus may deliver at once"),
      range("broker.queueLimit", Type.INT, "42", 1, Integer.MAX_VALUE,
          "packets a client may send before CONNACK"),
      range("broker.maxClientsIdLength", Type.INT, "23", 1, Integer.MAX_VALUE,
          "longest client id accepted"),
      range("broker.heartbeatInterval", Type.LONG, "60000", 1, Long.MAX_VALUE,
          "ms between $SYS heartbeats"),
      range("broker.connectTimeout", Type.LONG, "30000", 1, Long.MAX_VALUE,
          "ms a connection has to send CONNECT"),
      range("broker.expiryCheckInterval", Type.LONG, "1000", 1, Long.MAX_VALUE,
          "ms between removals of expired MQTT 5 sessions and publications of delayed wills"),
      range("mqtt5.receiveMaximum", Type.INT, "65535", 1, 65_535,
          "QoS 1/2 messages an MQTT 5 client may have unacknowledged towards the broker"),
      range("mqtt5.topicAliasMaximum", Type.INT, "10", 0, 65_535,
          "highest Topic Alias an MQTT 5 client may use (0: none)"),
      range("mqtt5.serverKeepAlive", Type.INT, "-1", -1, 65_535,
          "seconds of keep alive imposed on MQTT 5 clients (0: none; -1: the client's own)"),
      range("mqtt5.maximumQoS", Type.INT, "2", 0, 2,
          "highest QoS of an accepted PUBLISH or will, granted to subscriptions at most"),
      key("mqtt5.retainAvailable", Type.BOOLEAN, "true",
          "retained messages accepted (false: a retained PUBLISH or will is refused)"),
      key("mqtt5.wildcardSubscriptionAvailable", Type.BOOLEAN, "true",
          "subscriptions with + and # accepted"),
      key("mqtt5.subscriptionIdentifiersAvailable", Type.BOOLEAN, "true",
          "MQTT 5 Subscription Identifiers accepted"),
      key("mqtt5.sharedSubscriptionAvailable", Type.BOOLEAN, "true",
          "$share/<group>/<filter> subscriptions accepted"),
      key("mqtt5.responseInformation", Type.STRING, null,
          "Response Information for MQTT 5 clients that ask for it (empty: none)"),
      key("sys.interval", Type.LONG, "10000",
          "ms between $SYS/<id>/... statistics messages (0: none)"),
      choice("persistence", "rocksdb", List.of("rocksdb", "memory"),
          "where sessions, queues and retained messages are kept (memory: lost on restart)"),
      key("persistence.path", Type.STRING, "./data", "RocksDB data directory"),
      choice("persistence.durability", "sync", List.of("sync", "interval", "none"),
          "when a write counts as done: sync (fsync, group commit), interval (fsync every "
              + "persistence.syncInterval ms), none (the OS decides)"),
      key("persistence.syncInterval", Type.LONG, "1000",
          "ms between fsyncs with durability interval (the loss window on a machine crash)"),
      range("persistence.journalSegmentSize", Type.LONG, "16777216", 65_536, 1L << 30,
          "bytes per segment file of the journal of copies sent (durability interval and none): "
              + "two are on disk at least, the one written and the next one, prepared"),
      range("persistence.inflightWriteDelay", Type.LONG, null, 0, 60_000,
          "ms a QoS 1 copy sent to a connected persistent session may wait for its PUBACK before "
              + "it is written to its queue (0: written at once; RocksDB only). With sync the "
              + "publisher's PUBACK waits for either (default 200); with interval and none the "
              + "copy is journaled and the publisher acknowledged at once (default 2000)"),
      key("limits.maxConnections", Type.INT, "0", "open connections at most (0: no limit)"),
      range("limits.maxPacketSize", Type.INT, "268435460", 1, Integer.MAX_VALUE,
          "largest inbound packet in bytes; a larger one closes the connection"),
      key("limits.connectRate", Type.INT, "0",
          "new connections per second from one source address (0: no limit)"),
      range("limits.maxInflight", Type.INT, "65535", 1, Integer.MAX_VALUE,
          "QoS 1/2 messages a client may have unacknowledged; more wait in its queue"),
      range("limits.maxQueued", Type.INT, "10000", 1, Integer.MAX_VALUE,
          "messages that may wait per client; beyond it new QoS 0 (and clean sessions' QoS 1/2) "
              + "are dropped and counted"),
      range("limits.maxQueuedBytes", Type.LONG, "16777216", 1, Long.MAX_VALUE,
          "bytes written to a client that its socket has not taken yet; beyond it new QoS 0 "
              + "messages for it are dropped and counted (below it they wait)"),
      key("users", Type.USERS, null,
          "built-in authenticator: username:hash,... (hashes from --hash-password); when set, "
              + "anonymous and wrong credentials are refused"));

  /** Built once: config values are looked up by name on hot paths too. */
  private static final Map<String, ConfigKey> BY_NAME = index();

  private ConfigKeys() {
  }

  /** The keys by dotted name, in declaration order (unmodifiable). */
  static Map<String, ConfigKey> byName() {
    return BY_NAME;
  }

  private static Map<String, ConfigKey> index() {
    Map<String, ConfigKey> map = new LinkedHashMap<>();
    for (ConfigKey key : ALL) {
      map.put(key.name(), key);
    }
    return java.util.Collections.unmodifiableMap(map);
  }

  /** A key whose INT or LONG values are 0 and up. */
  private static ConfigKey key(String name, Type type, String defaultValue, String description) {
    long max = type == Type.LONG ? Long.MAX_VALUE : Integer.MAX_VALUE;
    return range(name, type, defaultValue, 0, max, description);
  }

  private static ConfigKey range(String name, Type type, String defaultValue, long min, long max,
      String description) {
    return new ConfigKey(name, type, defaultValue, List.of(), min, max, description);
  }

  private static ConfigKey choice(String name, String defaultValue, List<String> choices,
      String description) {
    return new ConfigKey(name, Type.CHOICE, defaultValue, choices, 0, 0, description);
  }
}
