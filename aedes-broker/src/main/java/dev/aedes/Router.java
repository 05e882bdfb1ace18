package dev.aedes;

import dev.aedes.Targets.Target;
import dev.aedes.memory.MemoryEmitter;
import dev.aedes.packet.Properties;
import dev.aedes.packet.Property;
import dev.aedes.packet.ProtocolVersion;
import dev.aedes.packet.PublishPacket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * Hands a message from the bus to the sessions it is for: once per client over its ordinary
 * subscriptions, at the highest QoS granted, with every matching Subscription Identifier
 * ([MQTT-3.3.4-3], [MQTT-3.3.4-4]), skipping No Local ones of its publisher ([MQTT-3.8.3-3]);
 * and once per shared subscription group, to one member ([MQTT 5.0] 4.8.2).
 *
 * <p>Acknowledge after durable: a QoS 1/2 message for a persistent session is appended to its
 * queue in persistence (by the router for an offline session, by the client's lane for a
 * connected one), and the bus listener calls {@code done} only when every such append is
 * complete; the bus's emit completes after every listener's {@code done} (mqemitter's
 * contract), so the publish, and the PUBACK or PUBCOMP after it, wait for the store (the
 * in-process bus routes within the emit: the listener is done at once and {@link #emit} waits
 * for the stores without a stage of the bus's in between; a QoS 1
 * copy to a connected session with {@code inflightWriteDelay}: for its PUBACK or its write,
 * whichever comes first, {@link DeferredWrites}). A failed
 * append is kept with the message being emitted and fails its publish (no acknowledgement).
 * Messages to clean sessions are handed to their lanes without waiting.
 */
final class Router {
  private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);
  private final Aedes broker;
  /**
   * Each message being emitted on a bus that may route it on another thread, by identity: its
   * publisher (No Local) and append failure.
   */
  private final Map<Origin, Routing> routings = new ConcurrentHashMap<>();
  /**
   * The message this thread is emitting on the in-process bus, which routes it within the emit:
   * no entry in {@link #routings}, whose shared counter both event loops would update twice per
   * message.
   */
  private final ThreadLocal<Routing> emitting = new ThreadLocal<>();

  Router(Aedes broker) {
    this.broker = broker;
  }

  /**
   * Emits on the bus, remembering who published while the message is routed; completes when
   * the message is stored for every offline session it is for, or fails if it could not be.
   */
  CompletionStage<Void> emit(PublishPacket packet, Client client) {
    return emit(packet, client, null);
  }

  /**
   * Emits a QoS 2 message released by its PUBREL, with {@code release} (the deletion of its
   * stored PUBLISH). When the bus routes it on this thread (the in-process bus), every append
   * for a persistent session, connected ones too, is asked for here and the deletion right
   * after, so that inside {@code Persistence.atomically} they land together: a crash never
   * keeps the copies without the deletion, and a PUBREL re-sent after a restart never routes
   * the message twice ([MQTT-4.3.3-10]). A bus that routes elsewhere (a cluster) gets the
   * deletion after the appends, as any publish: at least once across a crash.
   */
  CompletionStage<Void> emitReleased(PublishPacket packet, Client client,
      Supplier<CompletionStage<Void>> release) {
    return emit(packet, client, release);
  }

  private CompletionStage<Void> emit(PublishPacket packet, Client client,
      Supplier<CompletionStage<Void>> release) {
    Routing routing = new Routing(packet, client,
        release == null ? null : Thread.currentThread());
    Origin key;
    CompletableFuture<Void> emitted;
    if (broker.mq instanceof MemoryEmitter) {
      key = null;
      Routing outer = emitting.get(); // a message emitted while routing another one
      emitting.set(routing);
      try {
        emitted = broker.mq.emit(packet).toCompletableFuture();
      } finally {
        emitting.set(outer);
      }
      if (routing.stored != null) {
        // routed within the emit: its stores are waited for here, not through the bus's done
        emitted = emitted.isDone() && !emitted.isCompletedExceptionally() ? routing.stored
            : CompletableFuture.allOf(emitted, routing.stored);
      }
    } else {
      key = new Origin(packet);
      routings.put(key, routing);
      emitted = broker.mq.emit(packet).toCompletableFuture();
    }
    if (release != null) {
      CompletableFuture<Void> routed = emitted;
      emitted = routing.routedInline
          ? CompletableFuture.allOf(routed, release.get().toCompletableFuture())
          : routed.thenCompose(v -> routing.failure != null ? routed : release.get());
    }
    BiFunction<Void, Throwable, Void> finish = (v, e) -> {
      if (key != null) {
        routings.remove(key);
      }
      Throwable failure = e != null ? e : routing.failure;
      if (failure != null) {
        throw failure instanceof CompletionException c ? c : new CompletionException(failure);
      }
      return null;
    };
    // a store completes on its own thread (RocksDB's writer): the publisher's PUBACK and the
    // published hook go back to its lane rather than hold that thread; no hop when done at once
    // or on the lane (a journaled copy sent, a subscriber's PUBACK ending a deferred copy), so the
    // PUBACK leaves in this turn's flush. Run inline inside another client's packet handling,
    // the publisher's answers stay in order and do not re-enter its queue (InboundQueue.busy)
    if (emitted.isDone() || client == null) {
      return emitted.handle(finish);
    }
    CompletableFuture<Void> finished = new CompletableFuture<>();
    emitted.whenComplete((v, e) -> {
      try {
        client.lane.run(() -> {
          try {
            finished.complete(finish.apply(v, e));
          } catch (Throwable failure) {
            finished.completeExceptionally(failure);
          }
        });
      } catch (RejectedExecutionException closing) {
        if (key != null) {
          routings.remove(key);
        }
        finished.completeExceptionally(closing); // as handleAsync on a shut lane
      }
    });
    return finished;
  }

  /**
   * The bus listener: routes the message, then calls {@code done} once it is stored; at once
   * when the in-process bus routes it within its emit on this thread, whose {@link #emit} then
   * waits for the stores itself.
   */
  void route(PublishPacket published, Runnable done) {
    Routing inline = emitting.get();
    boolean routedInline = inline != null && inline.packet == published;
    Routing routing = routedInline ? inline : routings.get(new Origin(published));
    boolean released = routing != null && routing.releasing == Thread.currentThread();
    if (released) {
      routing.routedInline = true;
    }
    CompletionStage<Void> stored = routing == null ? deliverAll(published, null, null, false)
        : deliverAll(published, routing.origin, routing.publisher, released);
    if (stored == DONE) {
      done.run();
      return;
    }
    if (routedInline) {
      // its emit, on this thread, waits for the stores itself: one stage less per message
      inline.stored = stored.toCompletableFuture();
      done.run();
      return;
    }
    stored.whenComplete((v, e) -> {
      if (e != null && routing != null) {
        routing.failure = e;
      }
      done.run();
    });
  }

  private CompletionStage<Void> deliverAll(PublishPacket published, String origin,
      Client publisher, boolean released) {
    PublishPacket packet = broker.expiry.stamp(published); // Outbound drops or reduces it
    Targets targets = new Targets(origin);
    broker.subscriptions.match(packet.topic(), targets);
    List<CompletableFuture<Void>> appends = new ArrayList<>(0);
    if (targets.byClient != null) {
      targets.byClient.forEach((clientId, target) -> deliver(clientId, packet, target, null,
          appends, publisher, released));
    } else if (targets.firstClient != null) {
      deliver(targets.firstClient, packet, targets.first, null, appends, publisher, released);
    }
    broker.subscriptions.shared.match(packet.topic(),
        group -> toGroup(group, packet, appends, publisher, released));
    return switch (appends.size()) {
      case 0 -> DONE;
      case 1 -> appends.get(0);
      default -> CompletableFuture.allOf(appends.toArray(CompletableFuture[]::new));
    };
  }

  /**
   * A member of the group left with its session ended: the QoS 1 message it did not
   * acknowledge goes to another member ([MQTT 5.0] 4.8.2).
   */
  void redeliverShared(String sharedTopicFilter, PublishPacket packet) {
    toGroup(sharedTopicFilter, packet);
  }

  /**
   * Delivers to one member of the shared subscription {@code sharedTopicFilter}, as routing
   * does; the stage the publisher waits for, or null when nothing is stored for it.
   */
  CompletionStage<Void> toGroup(String sharedTopicFilter, PublishPacket packet) {
    SharedFilter shared = SharedFilter.parse(sharedTopicFilter);
    SharedSubscriptions.Group group = shared == null ? null
        : broker.subscriptions.shared.group(shared);
    if (group == null) {
      return null;
    }
    List<CompletableFuture<Void>> appends = new ArrayList<>(0);
    toGroup(group, packet, appends, null, false);
    return appends.isEmpty() ? null : appends.get(0);
  }

  private void toGroup(SharedSubscriptions.Group group, PublishPacket packet,
      List<CompletableFuture<Void>> appends, Client publisher, boolean released) {
    Map.Entry<String, Subscribed> member = group.choose(packet, clientId -> {
      Client client = broker.sessions.connected(clientId);
      return client != null && !client.closed;
    });
    if (member != null) {
      Target target = new Target();
      target.add(member.getValue());
      deliver(member.getKey(), packet, target, group.shared.topicFilter(), appends, publisher,
          released);
    }
  }

  private void deliver(String clientId, PublishPacket packet, Target target, String shared,
      List<CompletableFuture<Void>> appends, Client publisher, boolean released) {
    int qos = Math.min(packet.qos(), target.qos);
    // retain is cleared for established subscriptions unless Retain As Published
    // ([MQTT-3.3.1-12], [MQTT-3.3.1-13])
    boolean retain = target.retainAsPublished && packet.retain();
    Client client = broker.sessions.connected(clientId);
    if (client != null) {
      client.backpressure.check(publisher);
      boolean v5 = client.protocolVersion == ProtocolVersion.MQTT_5;
      // identifiers are not sent to 3.1.1 clients, which have no properties
      PublishPacket out = withSubscriptionIdentifiers(packet, v5 ? target.ids : List.of());
      long size = Backpressure.size(out);
      client.backpressure.handedOff(size);
      if (released && qos > 0 && client.persistentSession()) {
        appends.add(appendReleased(client, out, qos, retain, shared, size));
        return;
      }
      // a persistent session's copy is written by its lane before it is sent: wait for that too
      CompletableFuture<Void> stored =
          qos > 0 && client.persistentSession() ? new CompletableFuture<>() : null;
      if (stored != null) {
        appends.add(stored);
      }
      SessionHandOff.deliverOnLane(client, out, qos, retain, shared, stored,
          () -> client.backpressure.taken(size));
    } else if (qos > 0) {
      // queued while the session is away; a connection that took it meanwhile gets it
      CompletionStage<Void> stored = broker.handOff.toSession(clientId, null,
          withSubscriptionIdentifiers(packet, target.ids), qos, retain, shared);
      if (stored != null) {
        appends.add(stored.toCompletableFuture());
      }
    }
  }

  /**
   * A released QoS 2 message for a connected persistent session: appended here without message
   * id, as for an offline one, so the append joins the release's atomic write; once it is
   * stored the client's lane sends that queued copy, which then takes its id.
   */
  private CompletableFuture<Void> appendReleased(Client client, PublishPacket out, int qos,
      boolean retain, String shared, long size) {
    PublishPacket queued = new PublishPacket(false, qos, retain, out.topic(), 0, out.payload(),
        out.properties());
    // copies sent to it before, whose write is deferred, come first in its queue
    client.outbound.writeDeferred();
    return broker.persistence.outgoingEnqueue(client.id, queued).toCompletableFuture()
        .whenComplete((v, e) -> {
          try {
            // handed to the lane before the publish completes, so its order is kept
            client.lane.run(() -> {
              try {
                if (e == null) {
                  client.outbound.deliverQueued(out, queued, qos, retain, shared);
                }
              } finally {
                client.backpressure.taken(size);
              }
            });
          } catch (RejectedExecutionException rejected) {
            client.backpressure.taken(size); // stored: sent when its session resumes
          }
        });
  }

  /** The packet carrying exactly these Subscription Identifiers (none from the publisher). */
  static PublishPacket withSubscriptionIdentifiers(PublishPacket packet, List<Integer> ids) {
    Properties properties = packet.properties();
    if (ids.isEmpty() && properties.subscriptionIdentifiers().isEmpty()) {
      return packet;
    }
    Properties.Builder builder = properties.toBuilder()
        .set(Property.SUBSCRIPTION_IDENTIFIER, null);
    ids.forEach(builder::subscriptionIdentifier);
    return new PublishPacket(packet.dup(), packet.qos(), packet.retain(), packet.topic(),
        packet.messageId(), packet.payload(), builder.build());
  }

  /** A message being emitted: who published it, and the first failed append. */
  private static final class Routing {
    final PublishPacket packet;
    final Client publisher;
    final String origin;
    /** For a released QoS 2 message: the thread emitting it, else null. */
    final Thread releasing;
    volatile Throwable failure;
    /** The bus routed the released message on {@link #releasing}, within its emit. */
    boolean routedInline;
    /**
     * Routed within its emit on the emitting thread: the stores for the sessions it is for,
     * which the emit waits for (null: none, or routed elsewhere).
     */
    CompletableFuture<Void> stored;

    Routing(PublishPacket packet, Client publisher, Thread releasing) {
      this.packet = packet;
      this.publisher = publisher;
      this.origin = publisher == null ? null : publisher.id;
      this.releasing = releasing;
    }
  }

  /** A message by identity. */
  private record Origin(PublishPacket packet) {
    @Override
    public boolean equals(Object other) {
      return other instanceof Origin o && o.packet == packet;
    }

    @Override
    public int hashCode() {
      return System.identityHashCode(packet);
    }
  }
}
