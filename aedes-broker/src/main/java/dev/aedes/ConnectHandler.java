package dev.aedes;

import dev.aedes.hooks.AuthenticationException;
import dev.aedes.packet.ConnackPacket;
import dev.aedes.packet.ConnectPacket;
import dev.aedes.packet.PacketException;
import dev.aedes.packet.Properties;
import dev.aedes.packet.Property;
import dev.aedes.packet.ProtocolVersion;
import dev.aedes.packet.PublishPacket;
import dev.aedes.packet.Will;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * CONNECT, as a short list of steps (Aedes's handlers/connect.js): check the client id,
 * {@code preConnect}, {@code authenticate}, take over an older connection with the same id,
 * set up the session, store the will, register, CONNACK, then resume the session's queue.
 */
final class ConnectHandler {
  private ConnectHandler() {
  }

  static CompletionStage<Void> handle(Client client, ConnectPacket packet) {
    client.connecting = true;
    client.protocolVersion = packet.protocolVersion();
    client.clean = packet.clean();
    Integer receiveMaximum = packet.properties().receiveMaximum();
    if (receiveMaximum != null) {
      client.receiveMaximum = receiveMaximum; // caps messages in flight ([MQTT-3.3.4-9])
    }
    FlowControl.connect(client, packet);
    ClientLifecycle.cancelConnectTimeout(client);
    boolean v5 = packet.protocolVersion() == ProtocolVersion.MQTT_5;
    client.sessionExpiry = sessionExpiry(packet, v5);
    client.connectExpiryZero = client.sessionExpiry == 0;
    if (v5 && Boolean.FALSE.equals(packet.properties().requestProblemInformation())) {
      client.requestProblemInformation = false; // [MQTT-3.1.2-29]
    }
    client.requestResponseInformation = v5
        && Boolean.TRUE.equals(packet.properties().requestResponseInformation());
    String id = packet.clientId();
    boolean assigned = false;
    if (id.isEmpty()) {
      // [MQTT-3.1.3-7], [MQTT-3.1.3-8]: an empty id needs a clean session before MQTT 5
      if ((!packet.clean() && !v5) || packet.protocolVersion() == ProtocolVersion.MQTT_3_1) {
        return refuse(client, 2, "empty client id with a persistent session");
      }
      id = "aedes_" + UUID.randomUUID().toString().replace("-", "");
      assigned = true;
    } else if (id.length() > client.broker.options.maxClientsIdLength()) {
      return refuse(client, 2, "client id longer than " + client.broker.options.maxClientsIdLength());
    }
    client.id = id;
    PacketException willRefused = FlowControl.willRefusal(client, packet);
    if (willRefused != null) {
      return CompletableFuture.failedFuture(willRefused); // CONNACK 0x9B or 0x9A
    }
    boolean idAssigned = assigned;
    Aedes broker = client.broker;
    client.keepAlive.start(FlowControl.keepAlive(client, packet));
    return onLane(client, broker.hooks.preConnect.preConnect(client, packet), accepted -> {
      if (!Boolean.TRUE.equals(accepted)) {
        ClientLifecycle.close(client, null);
        return CompletableFuture.<Void>failedFuture(new ConnectRefused("refused by preConnect"));
      }
      if (v5 && packet.properties().authenticationMethod() != null) {
        return AuthHandler.connect(client, packet, idAssigned); // [MQTT 5.0] 4.12
      }
      return onLane(client, broker.hooks.authenticate
          .authenticate(client, packet.username(), packet.password())
          .handle((ok, error) -> authResult(client, ok, error)),
          refusal -> refusal == null
              ? connect(client, packet, idAssigned)
              : refuse(client, refusal.returnCode(), refusal.reasonCode(),
                  refusal.reasonString(), "not authorized"));
    })
        .exceptionally(error -> {
          Throwable cause = error instanceof java.util.concurrent.CompletionException
              ? error.getCause() : error;
          if (!(cause instanceof ConnectRefused)) {
            ClientLifecycle.fail(client, cause);
          }
          return null;
        });
  }

  /**
   * MQTT 5: the CONNECT's Session Expiry Interval, 0 when absent, separate from Clean Start;
   * MQTT 3.1.1: Clean Session 1 ends with the connection, 0 never expires.
   */
  private static long sessionExpiry(ConnectPacket packet, boolean v5) {
    if (!v5) {
      return packet.clean() ? 0 : Sessions.NEVER;
    }
    Long asked = packet.properties().sessionExpiryInterval();
    return asked == null ? 0 : asked;
  }

  /** The refusal, or null when {@code authenticate} accepted. */
  private static AuthenticationException authResult(Client client, Boolean ok, Throwable error) {
    if (error == null) {
      return Boolean.TRUE.equals(ok) ? null : new AuthenticationException(5, "not authorized");
    }
    Throwable cause = error.getCause() != null ? error.getCause() : error;
    if (cause instanceof AuthenticationException auth) {
      return auth;
    }
    Events.emit(client.broker.events.clientError, client, cause);
    return new AuthenticationException(5, "not authorized");
  }

  static CompletionStage<Void> connect(Client client, ConnectPacket packet,
      boolean idAssigned) {
    CompletionStage<Boolean> opened = onLane(client, ClientLifecycle.takeOver(client),
        v -> client.broker.sessions.open(client));
    CompletionStage<Boolean> willStored = onLane(client, opened,
        sessionPresent -> storeWill(client, packet).thenApply(v -> sessionPresent));
    ClientLifecycle.letGoWhenDone(client, willStored);
    return onLane(client, willStored,
        sessionPresent -> accept(client, sessionPresent, idAssigned));
  }

  /**
   * {@code stage.thenComposeAsync(next, client.lane)}, but runs {@code next} at once when the
   * stage has already completed normally and this is the client's lane: a CONNECT whose hooks
   * and persistence answer synchronously costs no task hand-offs.
   */
  static <T, U> CompletionStage<U> onLane(Client client, CompletionStage<T> stage,
      Function<? super T, ? extends CompletionStage<U>> next) {
    if (stage instanceof CompletableFuture<T> done && done.isDone()
        && !done.isCompletedExceptionally() && client.lane.inLane()) {
      try {
        return next.apply(done.join());
      } catch (RuntimeException e) {
        return CompletableFuture.failedFuture(e);
      }
    }
    return stage.thenComposeAsync(next, client.lane);
  }

  private static CompletionStage<Void> storeWill(Client client, ConnectPacket packet) {
    Will will = packet.will();
    if (will == null || client.closed) {
      // a client taken over while it opened the session stores no will after its close
      return CompletableFuture.completedFuture(null);
    }
    // the will properties go onto the will message, except Will Delay Interval, which is the
    // broker's to act on and not a PUBLISH property ([MQTT-3.1.3-10] keeps user properties' order)
    Long delay = will.properties().willDelayInterval();
    client.willDelay = delay == null ? 0 : delay;
    Properties properties = delay == null ? will.properties()
        : will.properties().toBuilder().set(Property.WILL_DELAY_INTERVAL, null).build();
    client.will = new PublishPacket(false, will.qos(), will.retain(), will.topic(),
        0, will.payload(), properties);
    return client.broker.persistence.putWill(client.id, client.broker.id(), client.will);
  }

  /**
   * Registers, CONNACK, then resumes the session; completes once {@code clientReady} was
   * emitted, so the client's next packets wait for its offline messages, as in Aedes.
   */
  private static CompletionStage<Void> accept(Client client, boolean sessionPresent,
      boolean idAssigned) {
    if (client.closed) {
      return CompletableFuture.completedFuture(null);
    }
    Aedes broker = client.broker;
    broker.sessions.register(client);
    client.registered = true;
    Events.emit(broker.events.client, client);
    Properties properties = client.protocolVersion == ProtocolVersion.MQTT_5
        ? connackProperties(client, idAssigned) : Properties.EMPTY;
    ConnackPacket connack = new ConnackPacket(sessionPresent, 0, properties);
    client.conn.connack(connack);
    client.accepted = true;
    Events.emit(broker.events.connackSent, connack, client);
    CompletableFuture<Void> ready = new CompletableFuture<>();
    client.outbound.resumeSession().whenComplete((v, e) -> client.lane.run(() -> {
      if (e != null) {
        ClientLifecycle.fail(client, e);
      } else if (!client.closed) {
        // Aedes: connecting ends and connected begins once the offline messages are sent
        client.connecting = false;
        client.connected = true;
        client.outbound.resumed(); // what came to wait during the resume goes out now
        Events.emit(broker.events.clientReady, client);
        client.emitConnected();
        broker.sys.newClient(client);
      }
      ready.complete(null);
    }));
    return ready;
  }

  /** What an MQTT 5 CONNACK tells: the assigned id, the subscription features available. */
  private static Properties connackProperties(Client client, boolean idAssigned) {
    Properties.Builder builder = Properties.builder();
    if (idAssigned) {
      builder.assignedClientIdentifier(client.id);
    }
    AedesOptions options = client.broker.options;
    if (client.authMethod != null) {
      // [MQTT-4.12.0-5]: the method of the CONNECT, with the exchange's last data
      builder.authenticationMethod(client.authMethod);
      if (client.authData != null) {
        builder.authenticationData(client.authData);
      }
      client.authData = null;
    }
    String responseInformation = client.broker.options.responseInformation();
    if (responseInformation != null && client.requestResponseInformation) {
      builder.responseInformation(responseInformation); // [MQTT-3.1.2-28] only when asked
    }
    return FlowControl.announce(options, builder)
        .wildcardSubscriptionAvailable(options.wildcardSubscriptionAvailable())
        .subscriptionIdentifiersAvailable(options.subscriptionIdentifiersAvailable())
        .sharedSubscriptionAvailable(options.sharedSubscriptionAvailable())
        .build();
  }

  /** Sends CONNACK with a refusal (3.1.1 return code, or its MQTT 5 reason code) and closes. */
  static CompletionStage<Void> refuse(Client client, int returnCode, String why) {
    return refuse(client, returnCode, reasonCode(returnCode), null, why);
  }

  /**
   * Refuses with the 3.1.1 return code, or for an MQTT 5 client with this reason code and
   * Reason String (a CONNACK may carry one whatever Request Problem Information says,
   * [MQTT-3.1.2-29]).
   */
  static CompletionStage<Void> refuse(Client client, int returnCode, int reasonCode,
      String reasonString, String why) {
    boolean v5 = client.protocolVersion == ProtocolVersion.MQTT_5;
    int code = v5 ? reasonCode : returnCode;
    Events.emit(client.broker.events.connectionError, client,
        new ConnectRefused("connection refused (" + code + "): " + why));
    Properties properties = v5 && reasonString != null
        ? Properties.builder().reasonString(reasonString).build() : Properties.EMPTY;
    // the CONNACK goes out as last words, written before the close ([MQTT-3.2.2-5])
    ClientLifecycle.close(client, new ConnackPacket(false, code, properties));
    return CompletableFuture.completedFuture(null);
  }

  /** The MQTT 5 reason code for a 3.1.1 CONNACK return code. */
  static int reasonCode(int returnCode) {
    return switch (returnCode) {
      case 1 -> 0x84;
      case 2 -> 0x85;
      case 3 -> 0x88;
      case 4 -> 0x86;
      default -> 0x87;
    };
  }

  /** A connection refused on purpose: already answered, not an error to report again. */
  static final class ConnectRefused extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ConnectRefused(String message) {
      super(message, null, false, false);
    }
  }
}
