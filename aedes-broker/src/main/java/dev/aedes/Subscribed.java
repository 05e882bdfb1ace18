package dev.aedes;

import dev.aedes.packet.Subscription;

/**
 * A subscription as the broker routes by it: the client's options and the Subscription
 * Identifier of the SUBSCRIBE that made it (0 for none), sent with matching messages
 * ([MQTT-3.3.4-3]).
 */
record Subscribed(Subscription subscription, int identifier) {
}
