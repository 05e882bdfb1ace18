package dev.aedes.hooks;

import dev.aedes.Client;
import dev.aedes.packet.PublishPacket;

/**
 * Decides, synchronously, whether a message goes to one subscriber (Aedes's
 * {@code authorizeForward}): return the packet (or a rewritten copy), or null to skip this
 * client. Runs on the subscriber's event loop: it must not block.
 */
@FunctionalInterface
public interface AuthorizeForwardHook {
  PublishPacket authorizeForward(Client client, PublishPacket packet);
}
