package dev.aedes.hooks;

import dev.aedes.Client;
import java.util.concurrent.CompletionStage;

/**
 * One MQTT 5 enhanced authentication method ([MQTT 5.0] 4.12), registered by its name with
 * {@code Aedes.enhancedAuthenticator(method, authenticator)}. {@link #start} is called with the
 * Authentication Data of a CONNECT naming the method, or of an AUTH 0x19 that re-authenticates;
 * each {@link AuthStep} answers: continue (AUTH 0x18 with data, then the continuation gets the
 * client's next data), success (CONNACK 0, or AUTH 0x00) or failure (CONNACK, or DISCONNECT,
 * with the reason code). A client authenticated this way skips the {@link AuthenticateHook}.
 */
@FunctionalInterface
public interface EnhancedAuthenticator {
  /** Begins one exchange; {@code data} may be null. */
  CompletionStage<AuthStep> start(Client client, String method, byte[] data);
}
