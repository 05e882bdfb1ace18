package dev.aedes.hooks;

import dev.aedes.Client;
import dev.aedes.packet.PublishPacket;
import java.util.concurrent.CompletionStage;

/**
 * Decides whether a client may publish (Aedes's {@code authorizePublish}). Complete with the
 * packet to publish (the same, or a rewritten copy); fail to refuse, which closes the connection
 * without telling the client ([MQTT-3.3.5-2]). The default refuses topics under {@code $SYS/}.
 */
@FunctionalInterface
public interface AuthorizePublishHook {
  CompletionStage<PublishPacket> authorizePublish(Client client, PublishPacket packet);
}
