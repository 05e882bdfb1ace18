package dev.aedes.hooks;

import dev.aedes.Client;
import dev.aedes.packet.PublishPacket;
import java.util.concurrent.CompletionStage;

/**
 * Decides whether a client may publish (Aedes's {@code authorizePublish}). Complete with the
 * packet to publish (the same, or a rewritten copy); fail to refuse, which closes an MQTT 3.1.1
 * connection without telling the client ([MQTT-3.3.5-2]) and answers an MQTT 5 client with
 * PUBACK / PUBREC 0x87, or the code of an {@link AuthorizationException} (QoS 0: dropped).
 * The default refuses topics under {@code $SYS/}.
 */
@FunctionalInterface
public interface AuthorizePublishHook {
  CompletionStage<PublishPacket> authorizePublish(Client client, PublishPacket packet);
}
