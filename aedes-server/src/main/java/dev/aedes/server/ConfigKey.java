package dev.aedes.server;

import java.util.List;
import java.util.Locale;

/**
 * One configuration key: its dotted YAML name ({@code tcp.port}), which is also a CLI flag
 * ({@code --tcp-port}) and an environment variable ({@code AEDES_TCP_PORT}), its type, default
 * and description.
 *
 * @param name dotted name, each level a YAML mapping
 * @param type how its text is checked and converted
 * @param defaultValue the value without file, flag or variable (null: unset)
 * @param choices the accepted words for {@link Type#CHOICE}
 * @param min the smallest accepted {@link Type#INT} or {@link Type#LONG} value
 * @param max the largest accepted {@link Type#INT} or {@link Type#LONG} value
 * @param description one line for {@code --help} and the sample file
 */
public record ConfigKey(String name, Type type, String defaultValue, List<String> choices,
    long min, long max, String description) {

  /** What a key's value is. */
  public enum Type { STRING, BOOLEAN, PORT, INT, LONG, FILE, CHOICE, USERS }

  /** The CLI flag: each level and camelCase word joined by dashes, lower case. */
  public String flag() {
    return "--" + words("-").toLowerCase(Locale.ROOT);
  }

  /** The environment variable: AEDES_ and the words joined by underscores, upper case. */
  public String envVariable() {
    return "AEDES_" + words("_").toUpperCase(Locale.ROOT);
  }

  private String words(String separator) {
    // "QoS" is one word: mqtt5.maximumQoS is --mqtt5-maximum-qos, not --mqtt5-maximum-qo-s.
    return name.replace("QoS", "Qos").replace(".", separator).replaceAll("([a-z0-9])([A-Z])", "$1" + separator + "$2");
  }

  /** Checks and converts {@code text} (from a file, flag or variable). */
  public Object parse(String text) {
    String value = text.trim();
    try {
      return switch (type) {
        case STRING -> value;
        case FILE -> {
          if (value.isEmpty()) {
            yield null;
          }
          if (!java.nio.file.Files.isReadable(java.nio.file.Path.of(value))) {
            throw bad(text, "a readable file");
          }
          yield java.nio.file.Path.of(value);
        }
        case BOOLEAN -> switch (value.toLowerCase(Locale.ROOT)) {
          case "true", "yes", "on" -> Boolean.TRUE;
          case "false", "no", "off" -> Boolean.FALSE;
          default -> throw bad(text, "true or false");
        };
        case PORT -> {
          int port = Integer.parseInt(value);
          if (port < 0 || port > 65535) {
            throw bad(text, "a port 0..65535");
          }
          yield port;
        }
        case INT -> (int) within(Integer.parseInt(value), text);
        case LONG -> within(Long.parseLong(value), text);
        case CHOICE -> {
          String word = value.toLowerCase(Locale.ROOT);
          if (!choices.contains(word)) {
            throw bad(text, "one of " + String.join(", ", choices));
          }
          yield word;
        }
        case USERS -> users(value);
      };
    } catch (NumberFormatException e) {
      throw bad(text, type == Type.PORT ? "a port 0..65535" : "a whole number");
    }
  }

  /**
   * {@code name:hash,name:hash} (the YAML list arrives in this form) to an ordered map, each hash
   * checked; empty text means no users.
   */
  private java.util.Map<String, String> users(String value) {
    if (value.isEmpty()) {
      return null;
    }
    java.util.Map<String, String> users = new java.util.LinkedHashMap<>();
    for (String entry : value.split(",")) {
      int colon = entry.trim().lastIndexOf(':');
      String user = colon < 0 ? "" : entry.trim().substring(0, colon);
      if (user.isEmpty()) {
        throw bad("(hidden)", "username:hash entries separated by commas");
      }
      try {
        PasswordHash.parse(entry.trim().substring(colon + 1));
      } catch (IllegalArgumentException e) {
        throw new ConfigException("Invalid value for " + name + ": password hash of user '"
            + user + "': " + e.getMessage());
      }
      if (users.put(user, entry.trim().substring(colon + 1)) != null) {
        throw new ConfigException("Invalid value for " + name + ": user '" + user
            + "' appears twice");
      }
    }
    return java.util.Collections.unmodifiableMap(users);
  }

  private long within(long number, String text) {
    if (number < min || number > max) {
      boolean open = max == Integer.MAX_VALUE || max == Long.MAX_VALUE;
      throw bad(text, open ? "a number >= " + min : min + ".." + max);
    }
    return number;
  }

  private ConfigException bad(String text, String expected) {
    return new ConfigException("Invalid value for " + name + ": '" + text + "' (expected "
        + expected + ")");
  }
}
