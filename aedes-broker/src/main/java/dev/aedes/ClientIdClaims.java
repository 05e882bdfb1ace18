package dev.aedes;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The CONNECT takeover bookkeeping: the newest connection that asked for each client id,
 * registered, taking the session or still waiting for an older one to let go, which is the one
 * a new CONNECT takes over from ([MQTT-3.1.4-2]).
 */
final class ClientIdClaims {
  private final Map<String, Client> claims = new ConcurrentHashMap<>();

  /**
   * Makes {@code client} the newest connection asking for its id and returns the one it takes
   * over from, or null ([MQTT-3.1.4-2]). Atomic, so that of CONNECTs arriving together on
   * different lanes each takes over from the one before it and only the last stays.
   */
  Client claim(Client client) {
    return claims.put(client.id, client);
  }

  /** {@code client} has closed and let go of its id: a newer one may open the session. */
  void letGo(Client client) {
    claims.remove(client.id, client);
    client.markIdReleased();
  }
}
