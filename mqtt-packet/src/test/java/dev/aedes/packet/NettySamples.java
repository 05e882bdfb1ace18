package dev.aedes.packet;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A representative packet of every kind Netty's MQTT codec supports, at 3.1.1 (no MQTT 5
 * fields) and at 5.0 (reason codes and properties), for {@link NettyDifferentialTest}.
 */
final class NettySamples {
  private NettySamples() {
  }

  static List<Packet> packets(int version) {
    boolean v5 = version == ProtocolVersion.MQTT_5;
    List<Packet> packets = new ArrayList<>();
    Will will = new Will("last/will/ü", bytes("gone"), 1, true,
        v5 ? Properties.builder().willDelayInterval(30).payloadFormatIndicator(true)
            .messageExpiryInterval(0xFFFF_FFF0L).contentType("text/plain")
            .responseTopic("reply/here").correlationData(bytes("corr"))
            .userProperty("w", "1").build() : Properties.EMPTY);
    Properties connect = v5 ? Properties.builder().sessionExpiryInterval(3600)
        .receiveMaximum(20).maximumPacketSize(1 << 20).topicAliasMaximum(10)
        .requestResponseInformation(true).requestProblemInformation(false)
        .authenticationMethod("SCRAM-SHA-1").authenticationData(bytes("client-first"))
        .userProperty("k", "v").userProperty("k", "v2").build() : Properties.EMPTY;
    packets.add(ConnectPacket.of(version, "client-𝄞", true, 60));
    packets.add(ConnectPacket.of(version, "", false, 0).withWill(will)
        .withCredentials("user", bytes("secret")).withProperties(connect));

    packets.add(new ConnackPacket(true, 0, v5 ? Properties.builder()
        .sessionExpiryInterval(120).receiveMaximum(100).maximumQoS(1).retainAvailable(false)
        .maximumPacketSize(65_536).assignedClientIdentifier("auto-1").topicAliasMaximum(5)
        .reasonString("welcome").wildcardSubscriptionAvailable(true)
        .subscriptionIdentifiersAvailable(true).sharedSubscriptionAvailable(false)
        .serverKeepAlive(30).responseInformation("resp/").authenticationMethod("SCRAM-SHA-1")
        .authenticationData(bytes("server-final")).userProperty("srv", "aedes").build()
        : Properties.EMPTY));
    packets.add(new ConnackPacket(false, v5 ? 0x87 : 5, v5
        ? Properties.builder().reasonString("not authorized").serverReference("other:1883").build()
        : Properties.EMPTY));

    Properties publish = v5 ? Properties.builder().payloadFormatIndicator(true)
        .messageExpiryInterval(60).contentType("application/json").responseTopic("resp/topic")
        .correlationData(new byte[] {0, 1, 2, (byte) 0xFF}).topicAlias(7)
        .subscriptionIdentifier(1).subscriptionIdentifier(268_435_455)
        .userProperty("a", "b").userProperty("ключ", "значение").build() : Properties.EMPTY;
    packets.add(new PublishPacket(false, 0, false, "a/b", 0, bytes("qos0"), Properties.EMPTY));
    packets.add(new PublishPacket(false, 1, true, "a/€/c", 1, bytes("qos1"), publish));
    packets.add(new PublishPacket(true, 2, false, "x", 65_535, new byte[0], publish));

    Properties reason = v5 ? Properties.builder().reasonString("because")
        .userProperty("why", "not").build() : Properties.EMPTY;
    int failure = v5 ? 0x80 : 0;
    packets.add(new PubackPacket(1));
    packets.add(new PubackPacket(2, failure, reason));
    packets.add(new PubackPacket(3, v5 ? 0x10 : 0, Properties.EMPTY));
    packets.add(new PubrecPacket(4, failure, reason));
    packets.add(new PubrecPacket(5, 0, Properties.EMPTY));
    packets.add(new PubrelPacket(6, v5 ? 0x92 : 0, reason));
    packets.add(new PubrelPacket(7, 0, Properties.EMPTY));
    packets.add(new PubcompPacket(8, v5 ? 0x92 : 0, Properties.EMPTY));
    packets.add(new PubcompPacket(9, 0, reason));

    List<Subscription> subscriptions = v5
        ? List.of(new Subscription("a/+", 0, true, false, 0),
            new Subscription("b/#", 1, false, true, 1), new Subscription("c", 2, true, true, 2))
        : List.of(new Subscription("a/+", 0), new Subscription("b/#", 1),
            new Subscription("c/ü", 2));
    packets.add(new SubscribePacket(10, subscriptions, v5
        ? Properties.builder().subscriptionIdentifier(42).userProperty("s", "1").build()
        : Properties.EMPTY));
    packets.add(new SubackPacket(10, v5 ? List.of(0, 1, 2, 0x80, 0x87, 0xA2) : List.of(0, 1, 2, 0x80),
        reason));
    packets.add(new UnsubscribePacket(11, List.of("a/+", "b/#"), v5
        ? Properties.builder().userProperty("u", "2").build() : Properties.EMPTY));
    packets.add(v5 ? new UnsubackPacket(11, List.of(0, 0x11, 0x87), reason)
        : new UnsubackPacket(11));
    packets.add(PingreqPacket.INSTANCE);
    packets.add(PingrespPacket.INSTANCE);
    packets.add(DisconnectPacket.NORMAL);
    if (v5) {
      packets.add(new DisconnectPacket(0x8E, Properties.builder().sessionExpiryInterval(0)
          .reasonString("taken over").serverReference("other").userProperty("d", "x").build()));
      packets.add(new DisconnectPacket(0x04));
      packets.add(new AuthPacket(0x18, Properties.builder().authenticationMethod("SCRAM-SHA-1")
          .authenticationData(bytes("client-final")).reasonString("continue").build()));
      packets.add(new AuthPacket(0, Properties.EMPTY));
    }
    return packets;
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
