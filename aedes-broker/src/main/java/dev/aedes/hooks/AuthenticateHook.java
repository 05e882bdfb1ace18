package dev.aedes.hooks;

import dev.aedes.Client;
import java.util.concurrent.CompletionStage;

/**
 * Checks a client's credentials (Aedes's {@code authenticate}). Complete with true to accept
 * (CONNACK 0); false refuses with return code 5 (MQTT 5: 0x87 Not authorized); failing with an
 * {@link AuthenticationException} refuses with its return code 2..5 (MQTT 5: its reason code and
 * Reason String). Not called for an MQTT 5 client using enhanced authentication
 * ({@link EnhancedAuthenticator}). The default accepts all.
 */
@FunctionalInterface
public interface AuthenticateHook {
  CompletionStage<Boolean> authenticate(Client client, String username, byte[] password);
}
