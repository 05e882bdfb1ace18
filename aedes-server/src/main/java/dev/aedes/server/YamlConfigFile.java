package dev.aedes.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads a YAML config file into dotted keys ({@code tcp: {port: 1883}} is {@code tcp.port}). */
final class YamlConfigFile {
  private YamlConfigFile() {
  }

  /** The file's leaves as text by dotted key; an unknown key fails naming it. */
  static Map<String, String> read(Path file, Map<String, ConfigKey> known) {
    JsonNode root;
    try {
      root = new YAMLMapper().readTree(file.toFile());
    } catch (IOException e) {
      throw new ConfigException("Cannot read config file " + file + ": " + e.getMessage());
    }
    Map<String, String> values = new LinkedHashMap<>();
    if (root != null && !root.isMissingNode() && !root.isNull()) {
      if (!root.isObject()) {
        throw new ConfigException("Config file " + file + " must be a mapping of keys");
      }
      flatten("", root, values, known, file);
    }
    return values;
  }

  private static void flatten(String prefix, JsonNode node, Map<String, String> values,
      Map<String, ConfigKey> known, Path file) {
    Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      String name = prefix + field.getKey();
      JsonNode value = field.getValue();
      if (value.isObject()) {
        flatten(name + ".", value, values, known, file);
      } else if (!known.containsKey(name)) {
        throw new ConfigException("Unknown config key '" + name + "' in " + file);
      } else if (value.isContainerNode()) {
        throw new ConfigException("Invalid value for " + name + " in " + file
            + ": expected a single value");
      } else if (!value.isNull()) {
        values.put(name, value.asText());
      }
    }
  }
}
