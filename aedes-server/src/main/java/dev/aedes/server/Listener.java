package dev.aedes.server;

/** The kinds of MQTT listener, each with its config key prefix. */
public enum Listener {
  TCP("tcp", false, false),
  TLS("tls", true, false),
  WS("ws", false, true),
  WSS("wss", true, true);

  private final String key;
  private final boolean secure;
  private final boolean webSocket;

  Listener(String key, boolean secure, boolean webSocket) {
    this.key = key;
    this.secure = secure;
    this.webSocket = webSocket;
  }

  /** The config prefix: {@code tcp}, {@code tls}, {@code ws}, {@code wss}. */
  public String key() {
    return key;
  }

  boolean secure() {
    return secure;
  }

  boolean webSocket() {
    return webSocket;
  }
}
