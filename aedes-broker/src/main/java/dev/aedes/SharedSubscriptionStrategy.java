package dev.aedes;

import dev.aedes.packet.PublishPacket;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Picks the one member of a shared subscription group ({@code $share/{shareName}/{filter}})
 * that receives a message ([MQTT 5.0] 4.8.2). Set with
 * {@link AedesOptions#sharedSubscriptionStrategy}; round-robin by default. Called on the
 * publisher's thread for every message, so it must be quick and thread-safe.
 */
@FunctionalInterface
public interface SharedSubscriptionStrategy {
  /**
   * Returns one of {@code clientIds} (connected members first: offline members of persistent
   * sessions are offered only when no member is connected). A value not in the list is
   * replaced by the round-robin choice.
   *
   * @param shareName the group's ShareName
   * @param topicFilter the group's topic filter, without the {@code $share/{shareName}/} prefix
   * @param clientIds the candidate members, in the order they joined; never empty
   * @param sequence how many messages the group was offered before this one
   * @param packet the message
   */
  String choose(String shareName, String topicFilter, List<String> clientIds, long sequence,
      PublishPacket packet);

  /** Each member in turn, in the order they joined. */
  static SharedSubscriptionStrategy roundRobin() {
    return (shareName, filter, clientIds, sequence, packet) ->
        clientIds.get((int) Math.floorMod(sequence, (long) clientIds.size()));
  }

  /** A member picked at random for each message. */
  static SharedSubscriptionStrategy random() {
    return (shareName, filter, clientIds, sequence, packet) ->
        clientIds.get(ThreadLocalRandom.current().nextInt(clientIds.size()));
  }
}
