package dev.aedes.server;

import dev.aedes.Aedes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Starts an {@link AedesServer} on 127.0.0.1 and free ports, with extra flags; in-memory
 * persistence unless a flag says otherwise.
 */
final class TestServer {
  private TestServer() {
  }

  static AedesServer start(String... flags) {
    return start(aedes -> { }, flags);
  }

  static AedesServer start(Consumer<Aedes> setup, String... flags) {
    List<String> args = new ArrayList<>(List.of("--tcp-host=127.0.0.1", "--tcp-port=0",
        "--http-host=127.0.0.1", "--http-port=0", "--tls-host=127.0.0.1", "--tls-port=0",
        "--ws-host=127.0.0.1", "--ws-port=0", "--wss-host=127.0.0.1", "--wss-port=0"));
    if (Arrays.stream(flags).noneMatch(flag -> flag.startsWith("--persistence"))) {
      args.add("--persistence=memory"); // nothing written to ./data in the module directory
    }
    args.addAll(List.of(flags));
    return AedesServer.start(ServerConfig.load(args.toArray(String[]::new), Map.of()), setup);
  }

  static String uri(AedesServer server, Listener listener) {
    String scheme = switch (listener) {
      case TCP -> "tcp";
      case TLS -> "ssl";
      case WS -> "ws";
      case WSS -> "wss";
    };
    String path = listener == Listener.WS || listener == Listener.WSS ? "/mqtt" : "";
    return scheme + "://127.0.0.1:" + server.port(listener) + path;
  }
}
