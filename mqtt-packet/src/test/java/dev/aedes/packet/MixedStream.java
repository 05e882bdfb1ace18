package dev.aedes.packet;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A session's worth of packets of every type a level knows, opened by a CONNECT at that level,
 * for stream tests. The bytes come from the generator, whose output the per-packet fixture
 * classes pin down byte by byte.
 */
final class MixedStream {
  private MixedStream() {
  }

  static List<Packet> packets(int version) {
    boolean v5 = version == ProtocolVersion.MQTT_5;
    Properties reason = v5 ? Properties.builder().reasonString("why").build() : Properties.EMPTY;
    Properties user = v5 ? Properties.builder().userProperty("k", "v").build() : Properties.EMPTY;
    List<Packet> packets = new ArrayList<>();
    packets.add(ConnectPacket.of(version, "client-1", true, 30));
    packets.add(new PublishPacket(false, 1, true, "a/b", 1,
        "hello".getBytes(StandardCharsets.UTF_8), user));
    packets.add(new PubackPacket(1, v5 ? 0x10 : 0, reason));
    packets.add(new PublishPacket(true, 2, false, "a/c", 2, new byte[300], Properties.EMPTY));
    packets.add(new PubrecPacket(2));
    packets.add(new PubrelPacket(2, v5 ? 0x92 : 0, reason));
    packets.add(new PubcompPacket(2));
    packets.add(PublishPacket.of("q/0", ""));
    packets.add(new SubscribePacket(3, List.of(new Subscription("a/#", 2),
        new Subscription("+/b", 1, v5, v5, v5 ? 2 : 0)),
        v5 ? Properties.builder().subscriptionIdentifier(200).build() : Properties.EMPTY));
    packets.add(new SubackPacket(3, List.of(2, v5 ? 0x87 : 0x80), reason));
    packets.add(new UnsubscribePacket(4, List.of("a/#", "+/b"), user));
    packets.add(new UnsubackPacket(4, v5 ? List.of(0x00, 0x11) : List.of(), reason));
    packets.add(PingreqPacket.INSTANCE);
    packets.add(PingrespPacket.INSTANCE);
    if (v5) {
      packets.add(new AuthPacket(0x18,
          Properties.builder().authenticationMethod("SCRAM").build()));
    }
    packets.add(new DisconnectPacket(0, reason));
    return packets;
  }

  static byte[] bytes(List<Packet> packets, int version) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Packet packet : packets) {
      out.writeBytes(Generator.toBytes(packet, version));
    }
    return out.toByteArray();
  }
}
