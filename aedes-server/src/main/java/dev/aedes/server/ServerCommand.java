package dev.aedes.server;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * The command line: {@code --config FILE} and one flag per {@link ConfigKey}, built from the key
 * list so {@code --help} always shows every key with its variable and default.
 */
final class ServerCommand {
  static final String CONFIG_FLAG = "--config";
  static final String CONFIG_ENV = "AEDES_CONFIG";
  static final String HASH_PASSWORD_FLAG = "--hash-password";

  private ServerCommand() {
  }

  /** A fresh picocli command line for aedes-server. */
  static CommandLine commandLine() {
    CommandSpec spec = CommandSpec.create().name("aedes-server")
        .version("aedes-server " + version())
        .mixinStandardHelpOptions(true);
    spec.usageMessage()
        .description("An MQTT broker: TCP, TLS, WebSocket, health and Prometheus metrics.",
            "Settings come from defaults, then the YAML file, then AEDES_* environment "
                + "variables, then flags.")
        .sortOptions(false)
        .abbreviateSynopsis(true);
    spec.addOption(OptionSpec.builder("-c", CONFIG_FLAG).paramLabel("FILE").type(Path.class)
        .description("YAML config file (env " + CONFIG_ENV + ")").build());
    spec.addOption(OptionSpec.builder(HASH_PASSWORD_FLAG).arity("0")
        .description("read a password from stdin, print its hash for users and exit").build());
    for (ConfigKey key : ConfigKeys.ALL) {
      String label = key.type() == ConfigKey.Type.CHOICE
          ? String.join("|", key.choices()) : key.type().name();
      if (key.type() == ConfigKey.Type.INT && key.max() < Integer.MAX_VALUE) {
        label = key.min() + ".." + key.max(); // e.g. --mqtt5-maximum-qos=0..2
      }
      String defaults = key.defaultValue() == null ? "" : " (default: " + key.defaultValue() + ")";
      OptionSpec.Builder option = OptionSpec.builder(key.flag()).paramLabel(label)
          .type(String.class);
      if (key.type() == ConfigKey.Type.BOOLEAN) {
        // "--tls-enabled" alone means true.
        option.arity("0..1").fallbackValue("true");
      }
      spec.addOption(option.description(key.description() + defaults,
              "  YAML " + key.name() + ", env " + key.envVariable())
          .build());
    }
    return new CommandLine(spec);
  }

  /** The flags given, as text by dotted key. */
  static Map<String, String> flags(ParseResult parsed) {
    Map<String, String> values = new LinkedHashMap<>();
    for (ConfigKey key : ConfigKeys.ALL) {
      String value = parsed.matchedOptionValue(key.flag(), null);
      if (value != null) {
        values.put(key.name(), value);
      }
    }
    return values;
  }

  /** The config file named by {@code --config}, else by AEDES_CONFIG, else null. */
  static Path configFile(ParseResult parsed, Map<String, String> env) {
    Path flag = parsed.matchedOptionValue(CONFIG_FLAG, null);
    if (flag != null) {
      return flag;
    }
    String fromEnv = env.get(CONFIG_ENV);
    return fromEnv == null || fromEnv.isBlank() ? null : Path.of(fromEnv);
  }

  private static String version() {
    String version = ServerCommand.class.getPackage().getImplementationVersion();
    return version == null ? "dev" : version;
  }
}
