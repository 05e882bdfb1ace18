package dev.aedes.connection;

import static org.assertj.core.api.Assertions.assertThat;

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
import dev.aedes.packet.SubackPacket;
import dev.aedes.packet.SubscribePacket;
import dev.aedes.packet.Subscription;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Our client against the real mosquitto broker, at 3.1.1 and 5.0. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MosquittoInteropIT {
  private final EventLoopGroup group =
      new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
  private final List<PacketRecorder> clients = new ArrayList<>();
  private MosquittoBroker mosquitto;

  @BeforeAll
  void startMosquitto(@TempDir Path dir) throws Exception {
    Optional<Path> binary = MosquittoBroker.findBinary();
    if (binary.isEmpty()) {
      String message = "mosquitto is not installed (not on PATH, not in /usr/sbin): "
          + "SKIPPING MosquittoInteropIT, interop with a real broker is NOT tested";
      System.err.println("*** " + message + " ***");
      Assumptions.assumeTrue(false, message);
    }
    mosquitto = MosquittoBroker.start(binary.get(), dir);
  }

  @AfterEach
  void destroyClients() {
    clients.forEach(client -> client.connection().destroy());
    clients.clear();
  }

  @AfterAll
  void stopMosquitto() throws InterruptedException {
    try {
      if (mosquitto != null) {
        mosquitto.close();
      }
    } finally {
      group.shutdownGracefully(0, 5, TimeUnit.SECONDS).sync();
    }
  }

  @ParameterizedTest(name = "MQTT level {0}")
  @ValueSource(ints = {ProtocolVersion.MQTT_3_1_1, ProtocolVersion.MQTT_5})
  void publishesAtEveryQosAndReceivesItsOwnMessages(int version) throws Exception {
    String topics = "interop/v" + version + "/own";
    PacketRecorder client = connect(version, "own-" + version);
    subscribe(client, 1, topics + "/#", 2);

    // QoS 0: no acknowledgement either way.
    client.connection().publish(publish(version, topics + "/zero", 0, 0, false));
    assertDelivered(client.next(PublishPacket.class), version, topics + "/zero", 0);

    // QoS 1: PUBACK from the broker; we acknowledge its delivery with PUBACK.
    client.connection().publish(publish(version, topics + "/one", 1, 2, false));
    assertThat(client.next(PubackPacket.class).messageId()).isEqualTo(2);
    PublishPacket one = client.next(PublishPacket.class);
    assertDelivered(one, version, topics + "/one", 1);
    client.connection().puback(new PubackPacket(one.messageId()));

    // QoS 2: PUBREC, PUBREL, PUBCOMP for ours; PUBREC, PUBREL, PUBCOMP for the delivery.
    client.connection().publish(publish(version, topics + "/two", 2, 3, false));
    assertThat(client.next(PubrecPacket.class).messageId()).isEqualTo(3);
    client.connection().pubrel(new PubrelPacket(3));
    assertThat(client.next(PubcompPacket.class).messageId()).isEqualTo(3);
    PublishPacket two = client.next(PublishPacket.class);
    assertDelivered(two, version, topics + "/two", 2);
    client.connection().pubrec(new PubrecPacket(two.messageId()));
    assertThat(client.next(PubrelPacket.class).messageId()).isEqualTo(two.messageId());
    client.connection().pubcomp(new PubcompPacket(two.messageId()));

    client.connection().pingreq(PingreqPacket.INSTANCE);
    client.next(PingrespPacket.class);
    disconnect(client);
    assertThat(client.errors()).isEmpty();
  }

  @ParameterizedTest(name = "MQTT level {0}")
  @ValueSource(ints = {ProtocolVersion.MQTT_3_1_1, ProtocolVersion.MQTT_5})
  void retainedMessageReachesALaterSubscriberWithTheRetainFlag(int version) throws Exception {
    String topic = "interop/v" + version + "/retained";
    PacketRecorder publisher = connect(version, "retainer-" + version);
    publisher.connection().publish(publish(version, topic, 1, 1, true));
    assertThat(publisher.next(PubackPacket.class).messageId()).isEqualTo(1);

    PacketRecorder subscriber = connect(version, "late-" + version);
    subscribe(subscriber, 1, topic, 1);
    PublishPacket retained = subscriber.next(PublishPacket.class);
    // [MQTT-3.3.1-9] a retained message sent because of a new subscription has RETAIN set.
    assertThat(retained.retain()).isTrue();
    assertDelivered(retained, version, topic, 1);
    subscriber.connection().puback(new PubackPacket(retained.messageId()));

    // An empty retained message clears it, so a re-run starts clean.
    publisher.connection().publish(new PublishPacket(topic, new byte[0], 0, 0, true));
    disconnect(publisher);
    disconnect(subscriber);
    assertThat(publisher.errors()).isEmpty();
    assertThat(subscriber.errors()).isEmpty();
  }

  private PacketRecorder connect(int version, String clientId) throws Exception {
    Connection connection = Connection.connectTcp("127.0.0.1", mosquitto.port(), group)
        .get(10, TimeUnit.SECONDS);
    PacketRecorder client = PacketRecorder.attach(connection);
    clients.add(client);
    connection.connect(ConnectPacket.of(version, clientId, true, 60));
    ConnackPacket connack = client.next(ConnackPacket.class);
    assertThat(connack.reasonCode()).as("CONNACK of %s; broker log:%n%s", clientId,
        mosquitto.log()).isZero();
    assertThat(connack.sessionPresent()).isFalse();
    return client;
  }

  private static void subscribe(PacketRecorder client, int messageId, String filter, int qos) {
    client.connection().subscribe(
        new SubscribePacket(messageId, List.of(new Subscription(filter, qos))));
    SubackPacket suback = client.next(SubackPacket.class);
    assertThat(suback.messageId()).isEqualTo(messageId);
    assertThat(suback.granted()).containsExactly(qos);
  }

  private static void disconnect(PacketRecorder client) {
    WriteCallbacks callbacks = new WriteCallbacks();
    WriteCallback written = callbacks.named("disconnect");
    client.connection().disconnect(DisconnectPacket.NORMAL, error -> {
      written.done(error);
      client.connection().destroy();
    });
    callbacks.assertAllSucceeded();
    client.awaitClosed();
    assertThat(client.closes()).isEqualTo(1);
  }

  private static PublishPacket publish(int version, String topic, int qos, int messageId,
      boolean retain) {
    Properties properties = version == ProtocolVersion.MQTT_5
        ? Properties.builder().userProperty("sent-by", "aedes-jvm").build()
        : Properties.EMPTY;
    return new PublishPacket(false, qos, retain, topic, messageId, payload(topic), properties);
  }

  private static void assertDelivered(PublishPacket packet, int version, String topic, int qos) {
    assertThat(packet.topic()).isEqualTo(topic);
    assertThat(packet.qos()).isEqualTo(qos);
    assertThat(packet.payload()).isEqualTo(payload(topic));
    if (version == ProtocolVersion.MQTT_5) {
      // [MQTT-3.3.2-17] the server forwards user properties unaltered.
      assertThat(packet.properties().userProperties())
          .extracting(p -> p.name() + "=" + p.value()).containsExactly("sent-by=aedes-jvm");
    }
  }

  private static byte[] payload(String topic) {
    return ("hello from " + topic).getBytes(StandardCharsets.UTF_8);
  }
}
