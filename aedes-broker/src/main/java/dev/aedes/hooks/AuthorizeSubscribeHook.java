package dev.aedes.hooks;

import dev.aedes.Client;
import dev.aedes.packet.Subscription;
import java.util.concurrent.CompletionStage;

/**
 * Decides whether a client may subscribe (Aedes's {@code authorizeSubscribe}), also when a
 * persistent session's subscriptions are restored. Complete with the subscription (or a copy
 * with another topic or QoS); complete with null to negate it (SUBACK 128 / 0x87); fail to
 * raise {@code clientError} and close the connection.
 */
@FunctionalInterface
public interface AuthorizeSubscribeHook {
  CompletionStage<Subscription> authorizeSubscribe(Client client, Subscription subscription);
}
