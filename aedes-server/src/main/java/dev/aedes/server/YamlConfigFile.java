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

  /** A list of {username, password} mappings as the USERS text {@code name:hash,...}. */
  private static String users(String name, JsonNode list, Path file) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < list.size(); i++) {
      JsonNode user = list.get(i);
      String where = name + "[" + i + "]";
      if (!user.isObject() || user.size() != 2 || !user.path("username").isTextual()
          || !user.path("password").isTextual()) {
        throw new ConfigException("Invalid value for " + where + " in " + file
            + ": expected {username: ..., password: <hash from --hash-password>}");
      }
      String username = user.get("username").asText();
      if (username.isEmpty() || username.contains(",")) {
        throw new ConfigException("Invalid value for " + where + ".username in " + file
            + ": expected a non-empty name without commas");
      }
      text.append(text.length() == 0 ? "" : ",").append(username).append(':')
          .append(user.get("password").asText());
    }
    return text.toString();
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
      } else if (known.get(name).type() == ConfigKey.Type.USERS && value.isArray()) {
        values.put(name, users(name, value, file));
      } else if (value.isContainerNode()) {
        throw new ConfigException("Invalid value for " + name + " in " + file
            + ": expected a single value");
      } else if (!value.isNull()) {
        values.put(name, value.asText());
      }
    }
  }
}
