package dev.aedes;

import dev.aedes.connection.Connection;
import dev.aedes.packet.ConnackPacket;
import dev.aedes.packet.DisconnectPacket;
import dev.aedes.packet.PacketException;
import dev.aedes.packet.ProtocolVersion;
import dev.aedes.packet.PublishPacket;
import dev.aedes.packet.ReasonCode;
import dev.aedes.packet.PacketType;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client's life: wiring its connection, the connect timeout, takeover by a newer connection,
 * and the one place where an error becomes a protocol outcome (CONNACK or DISCONNECT with a
 * reason code) and the connection closes, with the will published when the loss was unclean
 * (the LastWill component).
 */
final class ClientLifecycle {
  private static final Logger LOG = LoggerFactory.getLogger(ClientLifecycle.class);

  private ClientLifecycle() {
  }

  /** Wires the connection's listeners to the client's lane and starts the connect timeout. */
  static void start(Client client) {
    Connection conn = client.conn;
    conn.onPacket(packet -> client.lane.run(() -> client.inbound.push(packet)));
    conn.onError(error -> client.lane.run(() -> fail(client, error)));
    conn.onClose(() -> client.lane.run(() -> close(client, null)));
    // the client's one timer: the connect timeout, then the keep alive
    client.keepAlive.startConnectTimeout(client.broker.options.connectTimeout());
  }

  /** Cancels the timer an enhanced authentication exchange waits with ({@link AuthHandler}). */
  static void cancelConnectTimeout(Client client) {
    ScheduledFuture<?> timer = client.connectTimeout;
    if (timer != null) {
      timer.cancel(false);
    }
  }

  /**
   * Closes the older connection holding the same client id, registered or still connecting
   * ([MQTT-3.1.4-2]); completes when it, and any connection it was itself taking over from,
   * has let go of the id, so the session passes on whole to this one. One not yet accepted gets
   * no DISCONNECT (none goes before CONNACK, [MQTT-3.14.0-1]).
   */
  static CompletionStage<Void> takeOver(Client client) {
    Client old = client.broker.claims.claim(client);
    if (old == null) {
      return CompletableFuture.completedFuture(null);
    }
    old.lane.run(() -> close(old, old.accepted && old.protocolVersion == ProtocolVersion.MQTT_5
        ? new DisconnectPacket(ReasonCode.SESSION_TAKEN_OVER.code()) : null));
    return old.idReleasedStage();
  }

  /**
   * Lets go of the id once the client has closed and its CONNECT has opened the session and
   * stored its will ({@code opened}): a takeover waits for both, so no step of the old one
   * touches the session or the will after the new one has them. (Accepting, later, does nothing
   * for a closed client.)
   */
  static void letGoWhenDone(Client client, CompletionStage<?> opened) {
    opened.handle((v, e) -> null)
        .thenCombine(client.closedStage(), (a, b) -> null)
        .thenRun(() -> client.broker.claims.letGo(client));
  }

  /**
   * The client failed: report it ({@code clientError} once connected, else
   * {@code connectionError}), tell an MQTT 5 peer why, and close.
   */
  static void fail(Client client, Throwable error) {
    if (client.closed) {
      return;
    }
    LOG.debug("client {} failed: {}", client.id, error.toString());
    if (client.registered) {
      Events.emit(client.broker.events.clientError, client, error);
      client.emitError(error);
    } else {
      Events.emit(client.broker.events.connectionError, client, error);
    }
    Object lastWords = null;
    if (error instanceof PacketException packetError) {
      lastWords = lastWords(client, packetError);
    }
    close(client, lastWords);
  }

  private static Object lastWords(Client client, PacketException error) {
    boolean v5 = client.protocolVersion == ProtocolVersion.MQTT_5;
    int code = error.reasonCode().code();
    if (!client.accepted) {
      if (v5 && ReasonCode.isAllowed(PacketType.CONNACK, code)) {
        return new ConnackPacket(false, code);
      }
      return error.connackReturnCode() > 0
          ? new ConnackPacket(false, error.connackReturnCode()) : null;
    }
    return v5 ? new DisconnectPacket(code) : null;
  }

  /**
   * Closes the client once: sends its last words if any, publishes the will unless a
   * DISCONNECT came first ([MQTT-3.1.2-8]), releases the id and session, then emits
   * {@code clientDisconnect}.
   */
  static void close(Client client, Object lastWords) {
    if (client.closed) {
      return;
    }
    client.closed = true;
    boolean wasRegistered = client.registered;
    client.connected = false;
    client.connecting = false;
    cancelConnectTimeout(client);
    client.keepAlive.cancel();
    // before the session goes on: its next connection reads the queue these writes complete
    client.outbound.writeDeferred();
    Connection conn = client.conn;
    if (lastWords instanceof ConnackPacket connack) {
      conn.connack(connack, e -> conn.destroy());
    } else if (lastWords instanceof DisconnectPacket disconnect) {
      conn.disconnect(disconnect, e -> conn.destroy());
    } else {
      conn.destroy();
    }
    Aedes broker = client.broker;
    CompletableFuture<Void> willRouted = new CompletableFuture<>();
    CompletionStage<Void> will = publishWill(client, willRouted);
    will.whenComplete((v, e) -> willRouted.complete(null)); // failed or nothing to route
    // The session goes on once the will is on the bus, not once it is stored: the will may be
    // for this very session (a client subscribed to its own will topic), or for another closing
    // client, and those copies wait for the session to have gone on (SessionHandOff). A failed
    // will releases the session all the same. On the client's lane, as Sessions.close wants it:
    // at once when the will is routed already (or there is none), else back on the lane once it
    // is (perhaps on the store's writer thread); the lane is free once this close returns.
    CompletionStage<Void> released = (willRouted.isDone() && client.lane.inLane()
        ? releaseNow(client) : willRouted.thenComposeAsync(v -> broker.sessions.close(client),
            client.lane))
        .whenComplete((v, e) -> client.markSessionReleased());
    released.handle((v, e) -> e).thenCombine(will.handle((v, e) -> e), (a, b) -> a != null ? a : b)
        .thenAccept(e -> client.lane.run(() -> {
          if (e != null) {
            LOG.warn("closing client {} failed", client.id, e);
          }
          if (wasRegistered) {
            Events.emit(broker.events.clientDisconnect, client);
            broker.sys.disconnectedClient(client);
          }
          client.markClosed();
        }));
  }

  private static CompletionStage<Void> releaseNow(Client client) {
    try {
      return client.broker.sessions.close(client);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /** Publishes the will as it should be; {@code routed} completes once it is on the bus. */
  private static CompletionStage<Void> publishWill(Client client,
      CompletableFuture<Void> routed) {
    PublishPacket will = client.will;
    if (will == null) {
      return CompletableFuture.completedFuture(null);
    }
    client.will = null;
    Aedes broker = client.broker;
    long delay = Math.min(client.willDelay, client.sessionExpiry);
    if (delay > 0 && !client.disconnected && client.registered) {
      // published when the delay passes or the session ends, whichever first ([MQTT-3.1.2-8]);
      // it stays stored with its due time meanwhile, so a restart does not lose it
      return broker.wills.delay(client, will, broker.options.clock().millis() + delay * 1000);
    }
    CompletionStage<PublishPacket> removed = broker.persistence.delWill(client.id);
    if (client.disconnected || !client.registered) {
      return removed.thenApply(p -> null);
    }
    return removed.thenCompose(p -> broker.publishInternal(will, client, routed));
  }
}
