package dev.aedes.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import dev.aedes.AedesOptions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ServerConfigTest {
  @TempDir
  Path dir;

  @Test
  void defaultsNeedNoFile() {
    ServerConfig config = ServerConfig.defaults();
    assertThat(config.string("tcp.host")).isEqualTo("0.0.0.0");
    assertThat(config.integer("tcp.port")).isEqualTo(1883);
    assertThat(config.bool("tls.enabled")).isFalse();
    assertThat(config.string("http.host")).isEqualTo("127.0.0.1");
    assertThat(config.integer("http.port")).isEqualTo(9100);
    assertThat(config.integer("ws.port")).isEqualTo(8888);
    assertThat(config.string("ws.path")).isEqualTo("/mqtt");
  }

  @Test
  void fileThenEnvironmentThenFlagsEachOverrideTheOneBefore() throws Exception {
    Path file = yaml("tcp:\n  port: 1000\n  host: 127.0.0.1\nlimits:\n  maxConnections: 5\n"
        + "broker:\n  queueLimit: 7\n");
    ServerConfig config = ServerConfig.load(new String[] {"--config", file.toString(),
        "--limits-max-connections=9"}, Map.of("AEDES_TCP_PORT", "2000",
        "AEDES_LIMITS_MAX_CONNECTIONS", "8"));
    assertThat(config.integer("tcp.port")).isEqualTo(2000);
    assertThat(config.string("tcp.host")).isEqualTo("127.0.0.1");
    assertThat(config.integer("limits.maxConnections")).isEqualTo(9);
    assertThat(config.brokerOptions().queueLimit()).isEqualTo(7);
  }

  @Test
  void configFileMayBeNamedByEnvironment() throws Exception {
    Path file = yaml("id: from-env-file\n");
    ServerConfig config = ServerConfig.load(new String[0],
        Map.of("AEDES_CONFIG", file.toString()));
    assertThat(config.brokerOptions().id()).isEqualTo("from-env-file");
  }

  @Test
  void unknownFileKeyFailsNamingIt() throws Exception {
    Path file = yaml("tcp:\n  prot: 1883\n");
    assertThatThrownBy(() -> ServerConfig.load(new String[] {"-c", file.toString()}, Map.of()))
        .isInstanceOf(ConfigException.class).hasMessageContaining("'tcp.prot'");
  }

  @Test
  void badFileValueFailsNamingTheKey() throws Exception {
    Path file = yaml("ws:\n  port: eighty\n");
    assertThatThrownBy(() -> ServerConfig.load(new String[] {"-c", file.toString()}, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("ws.port").hasMessageContaining("eighty");
  }

  @Test
  void badEnvironmentAndFlagValuesFailNamingTheKey() {
    assertThatThrownBy(() -> ServerConfig.load(new String[0], Map.of("AEDES_TLS_ENABLED", "maybe")))
        .hasMessageContaining("tls.enabled");
    assertThatThrownBy(() -> ServerConfig.load(new String[] {"--limits-max-connections=-1"},
        Map.of())).hasMessageContaining("limits.maxConnections");
    assertThatThrownBy(() -> ServerConfig.load(new String[] {"--tls-client-auth=always"},
        Map.of())).hasMessageContaining("tls.clientAuth");
  }

  @Test
  void unknownFlagFailsNamingIt() {
    assertThatThrownBy(() -> ServerConfig.load(new String[] {"--tcp-prot=1"}, Map.of()))
        .isInstanceOf(ConfigException.class).hasMessageContaining("--tcp-prot");
  }

  @Test
  void tlsWithoutCertificateFailsNamingTheMissingKey() {
    assertThatThrownBy(() -> ServerConfig.load(new String[] {"--tls-enabled"}, Map.of()))
        .hasMessageContaining("tls.cert");
  }

  @Test
  void helpListsEveryKeyAsFlagAndVariable() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    AedesServer none = Main.start(new String[] {"--help"}, Map.of(),
        new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
    assertThat(none).isNull();
    String help = out.toString(StandardCharsets.UTF_8);
    for (ConfigKey key : ConfigKeys.ALL) {
      assertThat(help).contains(key.flag()).contains(key.envVariable());
    }
  }

  @Test
  void sampleConfigFileHasEveryKeyAndLoads() throws Exception {
    Path sample = Path.of("aedes.yaml.example");
    String text = Files.readString(sample);
    for (ConfigKey key : ConfigKeys.ALL) {
      String leaf = key.name().substring(key.name().lastIndexOf('.') + 1);
      assertThat(text).as(key.name()).contains(leaf + ":");
    }
    ServerConfig config = ServerConfig.load(new String[] {"-c", sample.toString()}, Map.of());
    assertThat(config.integer("tcp.port")).isEqualTo(1883);
  }

  @Test
  void persistenceDefaultsToRocksDbInDataWithSyncDurability() {
    ServerConfig config = ServerConfig.defaults();
    assertThat(config.string("persistence")).isEqualTo("rocksdb");
    assertThat(config.string("persistence.path")).isEqualTo("./data");
    assertThat(config.string("persistence.durability")).isEqualTo("sync");
    assertThat(config.longValue("persistence.syncInterval")).isEqualTo(1000);
    assertThat(config.brokerOptions().inflightWriteDelay()).isEqualTo(200);
  }

  @Test
  void inflightWriteDelayIsSetForRocksDbOnlyAndBoundedNamingTheKey() throws Exception {
    assertThat(ServerConfig.load(new String[] {"--persistence-inflight-write-delay=0"}, Map.of())
        .brokerOptions().inflightWriteDelay()).isZero();
    assertThat(ServerConfig.load(new String[] {"-c", yaml("persistence:\n"
        + "  inflightWriteDelay: 50\n").toString()}, Map.of())
        .brokerOptions().inflightWriteDelay()).isEqualTo(50);
    assertThat(ServerConfig.load(new String[] {"--persistence=memory"}, Map.of())
        .brokerOptions().inflightWriteDelay()).as("memory: nothing to spare").isZero();
    assertThat(ServerConfig.load(new String[] {"--persistence-durability=interval"}, Map.of())
        .brokerOptions().inflightWriteDelay()).as("journaled copies").isEqualTo(2000);
    assertThat(ServerConfig.load(new String[] {"--persistence-durability=none",
        "--persistence-inflight-write-delay=300"}, Map.of())
        .brokerOptions().inflightWriteDelay()).as("set").isEqualTo(300);
    assertThatThrownBy(() -> ServerConfig.load(
        new String[] {"--persistence-inflight-write-delay=-1"}, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("persistence.inflightWriteDelay");
  }

  @Test
  void persistenceIsAScalarForMemoryOrAMappingOfRocksDbSettingsInYaml() throws Exception {
    ServerConfig memory = ServerConfig.load(new String[] {"-c",
        yaml("persistence: memory\n").toString()}, Map.of());
    assertThat(memory.string("persistence")).isEqualTo("memory");

    ServerConfig rocks = ServerConfig.load(new String[] {"-c", yaml("persistence:\n"
        + "  path: /var/lib/aedes\n  durability: interval\n  syncInterval: 200\n").toString()},
        Map.of("AEDES_PERSISTENCE_SYNC_INTERVAL", "250"));
    assertThat(rocks.string("persistence")).isEqualTo("rocksdb");
    assertThat(rocks.string("persistence.path")).isEqualTo("/var/lib/aedes");
    assertThat(rocks.string("persistence.durability")).isEqualTo("interval");
    assertThat(rocks.longValue("persistence.syncInterval")).isEqualTo(250);
  }

  @Test
  void badPersistenceValuesFailNamingTheKey() {
    assertThatThrownBy(() -> ServerConfig.load(new String[] {"--persistence=redis"}, Map.of()))
        .isInstanceOf(ConfigException.class).hasMessageContaining("persistence")
        .hasMessageContaining("rocksdb, memory");
    assertThatThrownBy(() -> ServerConfig.load(new String[0],
        Map.of("AEDES_PERSISTENCE_DURABILITY", "always")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("persistence.durability");
    assertThatThrownBy(() -> ServerConfig.load(new String[] {"--persistence-sync-interval=0"},
        Map.of())).isInstanceOf(ConfigException.class)
        .hasMessageContaining("persistence.syncInterval");
  }

  @Test
  void mqtt5AndExpiryDefaultsAreTheBrokersOwn() {
    AedesOptions server = ServerConfig.defaults().brokerOptions();
    AedesOptions broker = new AedesOptions();
    assertThat(server.receiveMaximum()).isEqualTo(broker.receiveMaximum());
    assertThat(server.topicAliasMaximum()).isEqualTo(broker.topicAliasMaximum());
    assertThat(server.serverKeepAlive()).isEqualTo(broker.serverKeepAlive());
    assertThat(server.maximumQoS()).isEqualTo(broker.maximumQoS());
    assertThat(server.retainAvailable()).isEqualTo(broker.retainAvailable());
    assertThat(server.wildcardSubscriptionAvailable())
        .isEqualTo(broker.wildcardSubscriptionAvailable());
    assertThat(server.subscriptionIdentifiersAvailable())
        .isEqualTo(broker.subscriptionIdentifiersAvailable());
    assertThat(server.sharedSubscriptionAvailable())
        .isEqualTo(broker.sharedSubscriptionAvailable());
    assertThat(server.responseInformation()).isNull();
    assertThat(server.expiryCheckInterval()).isEqualTo(broker.expiryCheckInterval());
  }

  @Test
  void mqtt5KeysFromFileEnvironmentAndFlagsReachTheBroker() throws Exception {
    Path file = yaml("mqtt5:\n  receiveMaximum: 20\n  retainAvailable: false\n"
        + "  responseInformation: replies/\nbroker:\n  expiryCheckInterval: 250\n");
    AedesOptions options = ServerConfig.load(new String[] {"-c", file.toString(),
        "--mqtt5-maximum-qos=1", "--mqtt5-server-keep-alive=30",
        "--mqtt5-wildcard-subscription-available=false",
        "--mqtt5-shared-subscription-available=off"},
        Map.of("AEDES_MQTT5_TOPIC_ALIAS_MAXIMUM", "0",
            "AEDES_MQTT5_SUBSCRIPTION_IDENTIFIERS_AVAILABLE", "no")).brokerOptions();
    assertThat(options.receiveMaximum()).isEqualTo(20);
    assertThat(options.retainAvailable()).isFalse();
    assertThat(options.responseInformation()).isEqualTo("replies/");
    assertThat(options.expiryCheckInterval()).isEqualTo(250);
    assertThat(options.maximumQoS()).isEqualTo(1);
    assertThat(options.serverKeepAlive()).isEqualTo(30);
    assertThat(options.wildcardSubscriptionAvailable()).isFalse();
    assertThat(options.sharedSubscriptionAvailable()).isFalse();
    assertThat(options.topicAliasMaximum()).isZero();
    assertThat(options.subscriptionIdentifiersAvailable()).isFalse();
  }

  @Test
  void emptyResponseInformationSendsNone() {
    assertThat(ServerConfig.load(new String[] {"--mqtt5-response-information="}, Map.of())
        .brokerOptions().responseInformation()).isNull();
  }

  @ParameterizedTest(name = "{0}={1} fails naming {2}")
  @CsvSource({
      "--mqtt5-receive-maximum, 0, mqtt5.receiveMaximum, 1..65535",
      "--mqtt5-receive-maximum, 65536, mqtt5.receiveMaximum, 1..65535",
      "--mqtt5-topic-alias-maximum, -1, mqtt5.topicAliasMaximum, 0..65535",
      "--mqtt5-topic-alias-maximum, 65536, mqtt5.topicAliasMaximum, 0..65535",
      "--mqtt5-server-keep-alive, -2, mqtt5.serverKeepAlive, -1..65535",
      "--mqtt5-server-keep-alive, 65536, mqtt5.serverKeepAlive, -1..65535",
      "--mqtt5-maximum-qos, 3, mqtt5.maximumQoS, 0..2",
      "--mqtt5-maximum-qos, -1, mqtt5.maximumQoS, 0..2",
      "--mqtt5-maximum-qos, one, mqtt5.maximumQoS, a whole number",
      "--mqtt5-retain-available, maybe, mqtt5.retainAvailable, true or false",
      "--mqtt5-wildcard-subscription-available, 2, mqtt5.wildcardSubscriptionAvailable, true",
      "--mqtt5-subscription-identifiers-available, y, mqtt5.subscriptionIdentifiersAvailable, true",
      "--mqtt5-shared-subscription-available, 0, mqtt5.sharedSubscriptionAvailable, true",
      "--broker-expiry-check-interval, 0, broker.expiryCheckInterval, a number >= 1",
      "--broker-concurrency, 0, broker.concurrency, a number >= 1",
      "--broker-queue-limit, 0, broker.queueLimit, a number >= 1",
      "--broker-connect-timeout, 0, broker.connectTimeout, a number >= 1",
      "--limits-max-queued, 0, limits.maxQueued, a number >= 1",
      "--limits-max-queued-bytes, 0, limits.maxQueuedBytes, a number >= 1"})
  void outOfRangeMqtt5OrExpiryValueFailsNamingTheKey(String flag, String value, String key,
      String expected) {
    assertThatThrownBy(() -> ServerConfig.load(new String[] {flag + "=" + value}, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(key).hasMessageContaining("'" + value + "'")
        .hasMessageContaining(expected);
  }

  @Test
  void outOfRangeEnvironmentAndFileValuesFailNamingTheKey() throws Exception {
    assertThatThrownBy(() -> ServerConfig.load(new String[0],
        Map.of("AEDES_MQTT5_MAXIMUM_QOS", "5")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("mqtt5.maximumQoS");
    Path file = yaml("mqtt5:\n  receiveMaximum: 0\n");
    assertThatThrownBy(() -> ServerConfig.load(new String[] {"-c", file.toString()}, Map.of()))
        .isInstanceOf(ConfigException.class).hasMessageContaining("mqtt5.receiveMaximum");
  }

  @Test
  void qosIsOneWordInFlagAndVariable() {
    ConfigKey key = ConfigKeys.byName().get("mqtt5.maximumQoS");
    assertThat(key.flag()).isEqualTo("--mqtt5-maximum-qos");
    assertThat(key.envVariable()).isEqualTo("AEDES_MQTT5_MAXIMUM_QOS");
  }

  private Path yaml(String text) throws Exception {
    return Files.writeString(dir.resolve("aedes.yaml"), text);
  }
}
