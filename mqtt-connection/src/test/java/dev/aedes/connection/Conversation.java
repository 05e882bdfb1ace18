package dev.aedes.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.aedes.packet.AuthPacket;
import dev.aedes.packet.ConnackPacket;
import dev.aedes.packet.ConnectPacket;
import dev.aedes.packet.DisconnectPacket;
import dev.aedes.packet.PingreqPacket;
import dev.aedes.packet.PingrespPacket;
import dev.aedes.packet.Properties;
import dev.aedes.packet.ProtocolVersion;
import dev.aedes.packet.PubackPacket;
import dev.aedes.packet.PubcompPacket;
import dev.aedes.packet.PublishPacket;
import dev.aedes.packet.PubrecPacket;
import dev.aedes.packet.PubrelPacket;
import dev.aedes.packet.ReasonCode;
import dev.aedes.packet.SubackPacket;
import dev.aedes.packet.SubscribePacket;
import dev.aedes.packet.Subscription;
import dev.aedes.packet.UnsubackPacket;
import dev.aedes.packet.UnsubscribePacket;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One whole MQTT conversation between a client connection and a server connection, each side
 * scripted by hand, with every send method used and every write callback checked. Shared by the
 * TCP and the stream tests so both transports prove the same thing.
 */
final class Conversation {
  private final PacketRecorder client;
  private final PacketRecorder server;
  private final int version;
  private final WriteCallbacks callbacks = new WriteCallbacks();

  private Conversation(PacketRecorder client, PacketRecorder server, int version) {
    this.client = client;
    this.server = server;
    this.version = version;
  }

  /** Runs the conversation at {@code version}; it ends with DISCONNECT and both sides closed. */
  static void run(PacketRecorder client, PacketRecorder server, int version) {
    Conversation conversation = new Conversation(client, server, version);
    conversation.connect();
    conversation.subscribe();
    conversation.publishAtEveryQos();
    conversation.publishToClient();
    conversation.unsubscribe();
    if (version == ProtocolVersion.MQTT_5) {
      conversation.authenticate();
    }
    conversation.ping();
    conversation.disconnect();
    conversation.callbacks.assertAllSucceeded();
    assertThat(client.errors()).as("client errors").isEmpty();
    assertThat(server.errors()).as("server errors").isEmpty();
  }

  private void connect() {
    ConnectPacket connect = ConnectPacket.of(version, "conversation", true, 30)
        .withProperties(props("client", "hello"));
    c().connect(connect, callbacks.named("connect"));
    assertThat(c().protocolVersion()).isEqualTo(version);

    ConnectPacket received = server.next(ConnectPacket.class);
    assertThat(received.clientId()).isEqualTo("conversation");
    assertThat(received.protocolVersion()).isEqualTo(version);
    assertThat(received.properties()).isEqualTo(props("client", "hello"));
    assertThat(s().protocolVersion()).as("server learns the level").isEqualTo(version);

    s().connack(new ConnackPacket(false, 0, props("server", "welcome")),
        callbacks.named("connack"));
    ConnackPacket connack = client.next(ConnackPacket.class);
    assertThat(connack.reasonCode()).isZero();
    assertThat(connack.properties().userProperties())
        .isEqualTo(props("server", "welcome").userProperties());
  }

  private void subscribe() {
    c().subscribe(new SubscribePacket(1, List.of(new Subscription("chat/#", 2)),
        props("sub", "1")), callbacks.named("subscribe"));
    SubscribePacket subscribe = server.next(SubscribePacket.class);
    assertThat(subscribe.messageId()).isEqualTo(1);
    assertThat(subscribe.subscriptions()).extracting(Subscription::topic, Subscription::qos)
        .containsExactly(tuple("chat/#", 2));
    assertThat(subscribe.properties()).isEqualTo(props("sub", "1"));

    s().suback(new SubackPacket(1, List.of(ReasonCode.GRANTED_QOS_2.code())),
        callbacks.named("suback"));
    assertThat(client.next(SubackPacket.class).granted()).containsExactly(2);
  }

  private void publishAtEveryQos() {
    c().publish(publish("chat/zero", 0, 0), callbacks.named("publish qos 0"));
    PublishPacket zero = server.next(PublishPacket.class);
    assertThat(zero).isEqualTo(publish("chat/zero", 0, 0));

    c().publish(publish("chat/one", 1, 2), callbacks.named("publish qos 1"));
    assertThat(server.next(PublishPacket.class)).isEqualTo(publish("chat/one", 1, 2));
    s().puback(new PubackPacket(2), callbacks.named("puback"));
    assertThat(client.next(PubackPacket.class).messageId()).isEqualTo(2);

    c().publish(publish("chat/two", 2, 3), callbacks.named("publish qos 2"));
    assertThat(server.next(PublishPacket.class)).isEqualTo(publish("chat/two", 2, 3));
    s().pubrec(new PubrecPacket(3), callbacks.named("pubrec"));
    assertThat(client.next(PubrecPacket.class).messageId()).isEqualTo(3);
    c().pubrel(new PubrelPacket(3), callbacks.named("pubrel"));
    assertThat(server.next(PubrelPacket.class).messageId()).isEqualTo(3);
    s().pubcomp(new PubcompPacket(3), callbacks.named("pubcomp"));
    assertThat(client.next(PubcompPacket.class).messageId()).isEqualTo(3);
  }

  private void publishToClient() {
    s().publish(publish("chat/down", 1, 7), callbacks.named("publish to client"));
    assertThat(client.next(PublishPacket.class)).isEqualTo(publish("chat/down", 1, 7));
    c().puback(new PubackPacket(7), callbacks.named("client puback"));
    assertThat(server.next(PubackPacket.class).messageId()).isEqualTo(7);
  }

  private void unsubscribe() {
    c().unsubscribe(new UnsubscribePacket(4, List.of("chat/#")),
        callbacks.named("unsubscribe"));
    assertThat(server.next(UnsubscribePacket.class).unsubscriptions())
        .containsExactly("chat/#");
    UnsubackPacket unsuback = version == ProtocolVersion.MQTT_5
        ? new UnsubackPacket(4, List.of(0), Properties.EMPTY)
        : new UnsubackPacket(4);
    s().unsuback(unsuback, callbacks.named("unsuback"));
    assertThat(client.next(UnsubackPacket.class)).isEqualTo(unsuback);
  }

  private void authenticate() {
    Properties method = Properties.builder().authenticationMethod("SCRAM-SHA-1").build();
    c().auth(new AuthPacket(ReasonCode.CONTINUE_AUTHENTICATION.code(), method),
        callbacks.named("auth"));
    AuthPacket auth = server.next(AuthPacket.class);
    assertThat(auth.reasonCode()).isEqualTo(ReasonCode.CONTINUE_AUTHENTICATION.code());
    assertThat(auth.properties().authenticationMethod()).isEqualTo("SCRAM-SHA-1");
  }

  private void ping() {
    c().pingreq(PingreqPacket.INSTANCE, callbacks.named("pingreq"));
    server.next(PingreqPacket.class);
    s().pingresp(PingrespPacket.INSTANCE, callbacks.named("pingresp"));
    client.next(PingrespPacket.class);
  }

  private void disconnect() {
    // [MQTT-3.14.4-1] after sending DISCONNECT the client closes the network connection.
    WriteCallback disconnected = callbacks.named("disconnect");
    c().disconnect(DisconnectPacket.NORMAL, error -> {
      disconnected.done(error);
      c().destroy();
    });
    assertThat(server.next(DisconnectPacket.class).reasonCode()).isZero();
    client.awaitClosed();
    server.awaitClosed();
    assertThat(c().isOpen()).isFalse();
    c().destroy();
    s().destroy();
    assertThat(client.closes()).as("client close listener runs once").isEqualTo(1);
    assertThat(server.closes()).as("server close listener runs once").isEqualTo(1);
  }

  private PublishPacket publish(String topic, int qos, int messageId) {
    byte[] payload = ("payload of " + topic).getBytes(StandardCharsets.UTF_8);
    Properties properties = version == ProtocolVersion.MQTT_5
        ? Properties.builder().contentType("text/plain").userProperty("topic", topic).build()
        : Properties.EMPTY;
    return new PublishPacket(false, qos, false, topic, messageId, payload, properties);
  }

  /** User properties at MQTT 5; nothing below it, where properties are not carried. */
  private Properties props(String name, String value) {
    return version == ProtocolVersion.MQTT_5
        ? Properties.builder().userProperty(name, value).build()
        : Properties.EMPTY;
  }

  private Connection c() {
    return client.connection();
  }

  private Connection s() {
    return server.connection();
  }
}
