package dev.aedes;

import dev.aedes.hooks.AuthStep;
import dev.aedes.hooks.EnhancedAuthenticator;
import dev.aedes.packet.AuthPacket;
import dev.aedes.packet.ConnectPacket;
import dev.aedes.packet.DisconnectPacket;
import dev.aedes.packet.PacketException;
import dev.aedes.packet.PacketType;
import dev.aedes.packet.Properties;
import dev.aedes.packet.ReasonCode;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * MQTT 5 enhanced authentication ([MQTT 5.0] 4.12): the CONNECT / AUTH 0x18 exchange before
 * CONNACK, and re-authentication (AUTH 0x19) afterwards, driven by the
 * {@link EnhancedAuthenticator} registered for the CONNECT's Authentication Method.
 */
final class AuthHandler {
  private AuthHandler() {
  }

  /** CONNECT named an Authentication Method: start the exchange, or refuse an unknown one. */
  static CompletionStage<Void> connect(Client client, ConnectPacket packet, boolean idAssigned) {
    String method = packet.properties().authenticationMethod();
    EnhancedAuthenticator authenticator = client.broker.hooks.enhancedAuthenticators.get(method);
    if (authenticator == null) {
      // [MQTT-4.12.0-1]
      return ConnectHandler.refuse(client, 5, ReasonCode.BAD_AUTHENTICATION_METHOD.code(),
          null, "unknown authentication method " + method);
    }
    client.authMethod = method;
    client.authConnect = packet;
    client.authIdAssigned = idAssigned;
    return run(client, () -> authenticator.start(client, method,
        packet.properties().authenticationData()));
  }

  /** An AUTH from the client: the next step of an exchange, or a re-authentication. */
  static CompletionStage<Void> handle(Client client, AuthPacket packet) {
    String method = packet.properties().authenticationMethod();
    if (client.authMethod == null || !client.authMethod.equals(method)) {
      // [MQTT-4.12.0-5], [MQTT-4.12.1-1]: the CONNECT's method, and only when it named one
      return protocolError("AUTH with another Authentication Method than CONNECT's");
    }
    byte[] data = packet.properties().authenticationData();
    AuthStep pending = client.authPending;
    if (packet.reasonCode() == ReasonCode.CONTINUE_AUTHENTICATION.code() && pending != null) {
      client.authPending = null;
      ClientLifecycle.cancelConnectTimeout(client);
      return run(client, () -> pending.next(data));
    }
    if (packet.reasonCode() == ReasonCode.RE_AUTHENTICATE.code() && client.accepted
        && pending == null) {
      EnhancedAuthenticator authenticator = client.broker.hooks.enhancedAuthenticators.get(method);
      if (authenticator == null) {
        return fail(client, AuthStep.failure(ReasonCode.BAD_AUTHENTICATION_METHOD, null));
      }
      return run(client, () -> authenticator.start(client, method, data));
    }
    return protocolError("AUTH " + packet.reasonCode() + " out of sequence");
  }

  private static CompletionStage<Void> run(Client client,
      java.util.function.Supplier<CompletionStage<AuthStep>> step) {
    CompletionStage<AuthStep> stage;
    try {
      stage = step.get();
    } catch (RuntimeException e) {
      stage = CompletableFuture.failedFuture(e);
    }
    return stage.handle((result, error) -> {
      if (error != null || result == null) {
        Events.emit(client.broker.events.clientError, client,
            error != null ? error : new IllegalStateException("authenticator gave no step"));
        return AuthStep.failure(ReasonCode.NOT_AUTHORIZED, null);
      }
      return result;
    }).thenComposeAsync(result -> onStep(client, result), client.lane);
  }

  private static CompletionStage<Void> onStep(Client client, AuthStep step) {
    if (client.closed) {
      return CompletableFuture.completedFuture(null);
    }
    switch (step.kind()) {
      case CONTINUE:
        client.authPending = step;
        if (!client.accepted) {
          awaitAnswer(client);
        }
        client.conn.auth(new AuthPacket(ReasonCode.CONTINUE_AUTHENTICATION.code(),
            authProperties(client, step.data()))); // [MQTT-4.12.0-2]
        return CompletableFuture.completedFuture(null);
      case SUCCESS:
        if (!client.accepted) {
          ConnectPacket connect = client.authConnect;
          client.authConnect = null;
          client.authData = step.data(); // goes out in the CONNACK
          return ConnectHandler.connect(client, connect, client.authIdAssigned);
        }
        client.conn.auth(new AuthPacket(ReasonCode.SUCCESS.code(),
            authProperties(client, step.data())));
        return CompletableFuture.completedFuture(null);
      default:
        return fail(client, step);
    }
  }

  /**
   * Before CONNACK the client has {@code connectTimeout} to answer each AUTH 0x18, as it had
   * to send CONNECT; after it, re-authentication is paced by the keep alive.
   */
  private static void awaitAnswer(Client client) {
    ClientLifecycle.cancelConnectTimeout(client);
    client.connectTimeout = client.lane.schedule(() -> {
      if (!client.accepted && client.authPending != null && !client.closed) {
        ClientLifecycle.fail(client, new TimeoutException("AUTH did not arrive in time"));
      }
    }, client.broker.options.connectTimeout(), TimeUnit.MILLISECONDS);
  }

  /** Refused: CONNACK with the reason before CONNACK, DISCONNECT after ([MQTT-4.12.1-2]). */
  private static CompletionStage<Void> fail(Client client, AuthStep step) {
    if (!client.accepted) {
      return ConnectHandler.refuse(client, 5, step.reasonCode(), step.reasonString(),
          "enhanced authentication failed");
    }
    int code = ReasonCode.isAllowed(PacketType.DISCONNECT, step.reasonCode())
        ? step.reasonCode() : ReasonCode.NOT_AUTHORIZED.code();
    ClientLifecycle.close(client, new DisconnectPacket(code,
        ProblemInformation.reasonString(client, PacketType.DISCONNECT, step.reasonString())));
    return CompletableFuture.completedFuture(null);
  }

  /** Every AUTH carries the method of the CONNECT ([MQTT-4.12.0-5]) and the step's data. */
  private static Properties authProperties(Client client, byte[] data) {
    Properties.Builder builder = Properties.builder().authenticationMethod(client.authMethod);
    if (data != null) {
      builder.authenticationData(data);
    }
    return builder.build();
  }

  private static CompletionStage<Void> protocolError(String message) {
    return CompletableFuture.failedFuture(PacketException.protocolError(message));
  }
}
