package dev.aedes.hooks;

import dev.aedes.Client;
import dev.aedes.packet.PublishPacket;
import java.util.concurrent.CompletionStage;

/**
 * Called after a message has been dispatched (Aedes's {@code published}); the publishing
 * client's next packet waits until the stage completes, which gives backpressure. The client is
 * null for messages published by the broker itself.
 */
@FunctionalInterface
public interface PublishedHook {
  CompletionStage<Void> published(PublishPacket packet, Client client);
}
