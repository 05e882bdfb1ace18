package dev.aedes;

import com.hivemq.client.mqtt.datatypes.MqttUtf8String;
import com.hivemq.client.mqtt.mqtt5.Mqtt5ClientConfig;
import com.hivemq.client.mqtt.mqtt5.auth.Mqtt5EnhancedAuthMechanism;
import com.hivemq.client.mqtt.mqtt5.message.auth.Mqtt5Auth;
import com.hivemq.client.mqtt.mqtt5.message.auth.Mqtt5AuthBuilder;
import com.hivemq.client.mqtt.mqtt5.message.auth.Mqtt5EnhancedAuthBuilder;
import com.hivemq.client.mqtt.mqtt5.message.connect.Mqtt5Connect;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAck;
import com.hivemq.client.mqtt.mqtt5.message.disconnect.Mqtt5Disconnect;
import dev.aedes.auth.ScramClient;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * SCRAM-SHA-256 as a HiveMQ MQTT Client enhanced authentication mechanism, built on the test
 * {@link ScramClient}; it checks the server's signature and counts what happened.
 */
final class HiveScram implements Mqtt5EnhancedAuthMechanism {
  private final String username;
  private final AtomicReference<String> password;
  private volatile ScramClient scram;
  final AtomicInteger serverVerified = new AtomicInteger();
  final AtomicReference<Mqtt5Disconnect> reauthRejected = new AtomicReference<>();

  HiveScram(String username, String password) {
    this.username = username;
    this.password = new AtomicReference<>(password);
  }

  /** The password the next (re-)authentication uses. */
  void password(String value) {
    password.set(value);
  }

  @Override
  public MqttUtf8String getMethod() {
    return MqttUtf8String.of("SCRAM-SHA-256");
  }

  @Override
  public int getTimeout() {
    return 10;
  }

  private byte[] first() {
    scram = new ScramClient(username, password.get(), UUID.randomUUID().toString());
    return scram.clientFirst();
  }

  @Override
  public CompletableFuture<Void> onAuth(Mqtt5ClientConfig config, Mqtt5Connect connect,
      Mqtt5EnhancedAuthBuilder builder) {
    builder.data(first());
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public CompletableFuture<Void> onReAuth(Mqtt5ClientConfig config, Mqtt5AuthBuilder builder) {
    builder.data(first());
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public CompletableFuture<Boolean> onContinue(Mqtt5ClientConfig config, Mqtt5Auth auth,
      Mqtt5AuthBuilder builder) {
    builder.data(scram.clientFinal(bytes(auth.getData())));
    return CompletableFuture.completedFuture(true);
  }

  @Override
  public CompletableFuture<Boolean> onAuthSuccess(Mqtt5ClientConfig config, Mqtt5ConnAck connAck) {
    return verified(connAck.getEnhancedAuth().flatMap(auth -> auth.getData()));
  }

  @Override
  public CompletableFuture<Boolean> onReAuthSuccess(Mqtt5ClientConfig config, Mqtt5Auth auth) {
    return verified(auth.getData());
  }

  private CompletableFuture<Boolean> verified(Optional<ByteBuffer> data) {
    boolean ok = scram.verifyServerFinal(bytes(data));
    if (ok) {
      serverVerified.incrementAndGet();
    }
    return CompletableFuture.completedFuture(ok);
  }

  @Override
  public void onAuthRejected(Mqtt5ClientConfig config, Mqtt5ConnAck connAck) {
  }

  @Override
  public void onReAuthRejected(Mqtt5ClientConfig config, Mqtt5Disconnect disconnect) {
    reauthRejected.set(disconnect);
  }

  @Override
  public void onAuthError(Mqtt5ClientConfig config, Throwable cause) {
  }

  @Override
  public void onReAuthError(Mqtt5ClientConfig config, Throwable cause) {
  }

  private static byte[] bytes(Optional<ByteBuffer> data) {
    if (data.isEmpty()) {
      return null;
    }
    ByteBuffer buffer = data.get().duplicate();
    byte[] bytes = new byte[buffer.remaining()];
    buffer.get(bytes);
    return bytes;
  }
}
