package dev.aedes.bench;

import dev.aedes.packet.ConnectPacket;
import dev.aedes.packet.Packet;
import dev.aedes.packet.PublishPacket;
import dev.aedes.packet.SubscribePacket;
import dev.aedes.packet.Subscription;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttVersion;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * The packets measured, each built twice: as our record and as Netty's message. The benchmark
 * checks in its setup that both encode to the same bytes, so both sides parse and generate
 * exactly the same wire packet.
 */
public enum CodecCase {
  PUBLISH_16B(() -> publish(16), () -> nettyPublish(16)),
  PUBLISH_1KIB(() -> publish(1024), () -> nettyPublish(1024)),
  CONNECT(CodecCase::connect, CodecCase::nettyConnect),
  SUBSCRIBE(CodecCase::subscribe, CodecCase::nettySubscribe);

  static final int LEVEL = 4;

  private static final String TOPIC = "sensors/room-12/temperature";
  private static final int MESSAGE_ID = 42;
  private static final String CLIENT_ID = "bench-client-0001";
  private static final String USERNAME = "bench-user";
  private static final byte[] PASSWORD = "s3cret-passw0rd".getBytes(StandardCharsets.US_ASCII);
  private static final int KEEPALIVE = 60;
  private static final String[] FILTERS = {"sensors/+/temperature", "alerts/#", "home/kitchen/light"};

  private final Supplier<Packet> ours;
  private final Supplier<MqttMessage> netty;

  CodecCase(Supplier<Packet> ours, Supplier<MqttMessage> netty) {
    this.ours = ours;
    this.netty = netty;
  }

  /** Our packet record for this case. */
  Packet ours() {
    return ours.get();
  }

  /** Netty's message for this case; a PUBLISH holds an unpooled payload the caller releases. */
  MqttMessage netty() {
    return netty.get();
  }

  private static byte[] payload(int size) {
    byte[] payload = new byte[size];
    Arrays.fill(payload, (byte) 'x');
    return payload;
  }

  private static Packet publish(int size) {
    return new PublishPacket(TOPIC, payload(size), 1, MESSAGE_ID, false);
  }

  private static MqttMessage nettyPublish(int size) {
    return MqttMessageBuilders.publish().topicName(TOPIC).qos(MqttQoS.AT_LEAST_ONCE)
        .retained(false).messageId(MESSAGE_ID).payload(Unpooled.wrappedBuffer(payload(size)))
        .build();
  }

  private static Packet connect() {
    return ConnectPacket.of(LEVEL, CLIENT_ID, true, KEEPALIVE)
        .withCredentials(USERNAME, PASSWORD.clone());
  }

  private static MqttMessage nettyConnect() {
    return MqttMessageBuilders.connect().protocolVersion(MqttVersion.MQTT_3_1_1)
        .clientId(CLIENT_ID).cleanSession(true).keepAlive(KEEPALIVE)
        .username(USERNAME).password(PASSWORD.clone()).build();
  }

  private static Packet subscribe() {
    return new SubscribePacket(MESSAGE_ID, List.of(new Subscription(FILTERS[0], 1),
        new Subscription(FILTERS[1], 0), new Subscription(FILTERS[2], 2)));
  }

  private static MqttMessage nettySubscribe() {
    return MqttMessageBuilders.subscribe().messageId(MESSAGE_ID)
        .addSubscription(MqttQoS.AT_LEAST_ONCE, FILTERS[0])
        .addSubscription(MqttQoS.AT_MOST_ONCE, FILTERS[1])
        .addSubscription(MqttQoS.EXACTLY_ONCE, FILTERS[2]).build();
  }
}
