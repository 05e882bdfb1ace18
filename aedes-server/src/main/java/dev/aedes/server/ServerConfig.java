package dev.aedes.server;

import dev.aedes.AedesOptions;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * The server's settings: every {@link ConfigKey} from its default, then the YAML file, then
 * {@code AEDES_*} environment variables, then CLI flags. Built with {@link #load}; immutable.
 */
public final class ServerConfig {
  private final Map<String, Object> values;

  private ServerConfig(Map<String, Object> values) {
    this.values = Collections.unmodifiableMap(values);
  }

  /** The defaults alone, as with no file, variable or flag. */
  public static ServerConfig defaults() {
    return load(new String[0], Map.of());
  }

  /**
   * Settings from command-line {@code args} and environment {@code env}; a wrong key or value
   * fails with a {@link ConfigException} naming it ({@code --help} is the caller's business).
   */
  public static ServerConfig load(String[] args, Map<String, String> env) {
    CommandLine cli = ServerCommand.commandLine();
    try {
      return from(cli.parseArgs(args), env);
    } catch (CommandLine.ParameterException e) {
      throw new ConfigException(e.getMessage());
    }
  }

  /** Settings from an already parsed command line. */
  static ServerConfig from(ParseResult parsed, Map<String, String> env) {
    Map<String, ConfigKey> known = ConfigKeys.byName();
    Map<String, Object> values = new HashMap<>();
    for (ConfigKey key : ConfigKeys.ALL) {
      if (key.defaultValue() != null) {
        values.put(key.name(), key.parse(key.defaultValue()));
      }
    }
    Path file = ServerCommand.configFile(parsed, env);
    if (file != null) {
      YamlConfigFile.read(file, known).forEach((name, text) ->
          put(values, known.get(name), text));
    }
    for (ConfigKey key : ConfigKeys.ALL) {
      String text = env.get(key.envVariable());
      if (text != null) {
        put(values, key, text);
      }
    }
    ServerCommand.flags(parsed).forEach((name, text) -> put(values, known.get(name), text));
    ServerConfig config = new ServerConfig(values);
    config.check();
    return config;
  }

  private static void put(Map<String, Object> values, ConfigKey key, String text) {
    Object value = key.parse(text);
    if (value == null) {
      values.remove(key.name());
    } else {
      values.put(key.name(), value);
    }
  }

  /** Rules across keys: TLS listeners need files, client verification needs a CA. */
  private void check() {
    if (bool("tls.enabled") || bool("wss.enabled")) {
      require("tls.cert", "tls.enabled or wss.enabled");
      require("tls.key", "tls.enabled or wss.enabled");
    }
    if (!"none".equals(string("tls.clientAuth"))) {
      require("tls.ca", "tls.clientAuth");
    }
    if (!string("ws.path").startsWith("/")) {
      throw new ConfigException("Invalid value for ws.path: '" + string("ws.path")
          + "' (expected a path starting with /)");
    }
    if (integer("limits.maxPacketSize") < 2) {
      throw new ConfigException("Invalid value for limits.maxPacketSize: "
          + integer("limits.maxPacketSize") + " (expected 2..268435460)");
    }
    if (longValue("persistence.syncInterval") < 1) {
      throw new ConfigException("Invalid value for persistence.syncInterval: "
          + longValue("persistence.syncInterval") + " (expected a number of ms >= 1)");
    }
    if (string("persistence.path").isBlank()) {
      throw new ConfigException("Invalid value for persistence.path: '' (expected a directory)");
    }
    try {
      brokerOptions();
    } catch (IllegalArgumentException e) {
      throw new ConfigException("Invalid broker setting: " + e.getMessage());
    }
  }

  private void require(String name, String because) {
    if (values.get(name) == null) {
      throw new ConfigException("Missing " + name + " (needed by " + because + ")");
    }
  }

  /**
   * The broker's options from the {@code id}, {@code broker.*}, {@code limits.*},
   * {@code persistence.inflightWriteDelay} and
   * {@code mqtt5.*} keys.
   */
  public AedesOptions brokerOptions() {
    AedesOptions options = new AedesOptions()
        .concurrency(integer("broker.concurrency"))
        .queueLimit(integer("broker.queueLimit"))
        .maxClientsIdLength(integer("broker.maxClientsIdLength"))
        .heartbeatInterval(longValue("broker.heartbeatInterval"))
        .connectTimeout(longValue("broker.connectTimeout"))
        .maxPacketSize(integer("limits.maxPacketSize"))
        .maxInflight(integer("limits.maxInflight"))
        .maxQueued(integer("limits.maxQueued"))
        .maxQueuedBytes(longValue("limits.maxQueuedBytes"))
        .expiryCheckInterval(longValue("broker.expiryCheckInterval"))
        .inflightWriteDelay(inflightWriteDelay())
        .receiveMaximum(integer("mqtt5.receiveMaximum"))
        .topicAliasMaximum(integer("mqtt5.topicAliasMaximum"))
        .serverKeepAlive(integer("mqtt5.serverKeepAlive"))
        .maximumQoS(integer("mqtt5.maximumQoS"))
        .retainAvailable(bool("mqtt5.retainAvailable"))
        .wildcardSubscriptionAvailable(bool("mqtt5.wildcardSubscriptionAvailable"))
        .subscriptionIdentifiersAvailable(bool("mqtt5.subscriptionIdentifiersAvailable"))
        .sharedSubscriptionAvailable(bool("mqtt5.sharedSubscriptionAvailable"));
    if (string("id") != null) {
      options.id(string("id"));
    }
    String responseInformation = string("mqtt5.responseInformation");
    if (responseInformation != null && !responseInformation.isEmpty()) {
      options.responseInformation(responseInformation);
    }
    return options;
  }

  /** A text value (STRING and CHOICE keys), or null when unset. */
  public String string(String name) {
    return (String) get(name);
  }

  /** A BOOLEAN key's value. */
  public boolean bool(String name) {
    return (Boolean) get(name);
  }

  /**
   * {@code persistence.inflightWriteDelay}, or its default: 200 ms with {@code sync}, where the
   * publisher's PUBACK waits for the copy's PUBACK or write; 2000 ms with a journal of copies
   * ({@code interval}, {@code none}), where it does not, and a longer wait spares the queue
   * writes of copies acknowledged late. An in-memory store writes faster than a PUBACK comes
   * back: 0, nothing to spare there.
   */
  private long inflightWriteDelay() {
    if (!"rocksdb".equals(string("persistence"))) {
      return 0;
    }
    Object set = get("persistence.inflightWriteDelay");
    if (set != null) {
      return (Long) set;
    }
    return "sync".equals(string("persistence.durability")) ? 200 : 2000;
  }

  /** A PORT or INT key's value. */
  public int integer(String name) {
    return (Integer) get(name);
  }

  /** A LONG key's value. */
  public long longValue(String name) {
    return (Long) get(name);
  }

  /** The {@code users} key: user name to password hash, empty when unset. */
  @SuppressWarnings("unchecked")
  public Map<String, String> users() {
    Object users = get("users");
    return users == null ? Map.of() : (Map<String, String>) users;
  }

  /** A FILE key's value, or null when unset. */
  public Path file(String name) {
    return (Path) get(name);
  }

  private Object get(String name) {
    if (!ConfigKeys.byName().containsKey(name)) {
      throw new IllegalArgumentException("no such config key: " + name);
    }
    return values.get(name);
  }

  @Override
  public String toString() {
    Map<String, Object> shown = new java.util.TreeMap<>(values);
    shown.computeIfPresent("tls.keyPassword", (k, v) -> "***");
    shown.computeIfPresent("users", (k, v) -> ((Map<?, ?>) v).keySet());
    return "ServerConfig" + shown;
  }
}
