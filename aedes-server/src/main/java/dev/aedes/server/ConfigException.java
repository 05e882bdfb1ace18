package dev.aedes.server;

/** A configuration key or value that cannot be used; the message names the key. */
public final class ConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** An error about {@code key}, e.g. an unknown key or a bad value. */
  public ConfigException(String message) {
    super(message);
  }
}
