package dev.aedes.auth;

import java.util.concurrent.CompletionStage;

/** The user store of {@link ScramSha256Authenticator}: a user's credential, or null if unknown. */
@FunctionalInterface
public interface ScramCredentials {
  CompletionStage<ScramCredential> lookup(String username);
}
