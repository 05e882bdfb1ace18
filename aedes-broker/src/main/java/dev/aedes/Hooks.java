package dev.aedes;

import dev.aedes.hooks.AuthenticateHook;
import dev.aedes.hooks.AuthorizeForwardHook;
import dev.aedes.hooks.AuthorizePublishHook;
import dev.aedes.hooks.AuthorizeSubscribeHook;
import dev.aedes.hooks.EnhancedAuthenticator;
import dev.aedes.hooks.PreConnectHook;
import dev.aedes.hooks.PublishedHook;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/** The broker's current hooks, with Aedes's defaults; replaced through {@link Aedes}'s setters. */
final class Hooks {
  volatile PreConnectHook preConnect = (client, packet) -> CompletableFuture.completedFuture(true);
  volatile AuthenticateHook authenticate =
      (client, username, password) -> CompletableFuture.completedFuture(true);
  volatile AuthorizePublishHook authorizePublish = (client, packet) ->
      packet.topic().startsWith("$SYS/")
          ? CompletableFuture.failedFuture(new SecurityException("$SYS/ topic is reserved"))
          : CompletableFuture.completedFuture(packet);
  volatile AuthorizeSubscribeHook authorizeSubscribe =
      (client, subscription) -> CompletableFuture.completedFuture(subscription);
  volatile AuthorizeForwardHook authorizeForward = (client, packet) -> packet;
  volatile PublishedHook published = (packet, client) -> CompletableFuture.completedFuture(null);
  /** MQTT 5 enhanced authentication methods by name; none by default. */
  final Map<String, EnhancedAuthenticator> enhancedAuthenticators = new ConcurrentHashMap<>();
}
