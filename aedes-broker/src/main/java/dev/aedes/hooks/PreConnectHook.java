package dev.aedes.hooks;

import dev.aedes.Client;
import dev.aedes.packet.ConnectPacket;
import java.util.concurrent.CompletionStage;

/**
 * Called for a CONNECT before authentication (Aedes's {@code preConnect}): complete with false,
 * or fail, to close the connection at once without a CONNACK. The default accepts.
 */
@FunctionalInterface
public interface PreConnectHook {
  CompletionStage<Boolean> preConnect(Client client, ConnectPacket packet);
}
