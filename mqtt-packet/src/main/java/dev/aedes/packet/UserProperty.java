package dev.aedes.packet;

import java.util.Objects;

/** One MQTT 5 User Property: a UTF-8 string pair; a packet may repeat a name. */
public record UserProperty(String name, String value) {
  /** Both parts are required. */
  public UserProperty {
    Objects.requireNonNull(name, "user property name");
    Objects.requireNonNull(value, "user property value");
  }
}
