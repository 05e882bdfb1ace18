package dev.aedes.packet.encode;

import dev.aedes.packet.PropertyScope;
import dev.aedes.packet.ProtocolVersion;
import dev.aedes.packet.SubscribePacket;
import dev.aedes.packet.Subscription;
import io.netty.buffer.ByteBuf;

/** SUBSCRIBE: packet id, properties (5), filters with options (nl/rap/rh only in 5). */
final class SubscribeEncoder implements PacketEncoder<SubscribePacket> {
  @Override
  public int flags(SubscribePacket packet) {
    return 0x02; // [MQTT-3.8.1-1]
  }

  @Override
  public int bodySize(SubscribePacket packet, int version) {
    int size = 2;
    if (version == ProtocolVersion.MQTT_5) {
      size += PropertiesEncoder.size(packet.properties(), PropertyScope.SUBSCRIBE);
    }
    for (Subscription subscription : packet.subscriptions()) {
      size += FieldWriter.utf8Size(subscription.topic(), "topic filter") + 1;
    }
    return size;
  }

  @Override
  public void writeBody(SubscribePacket packet, int version, ByteBuf out) {
    boolean v5 = version == ProtocolVersion.MQTT_5;
    out.writeShort(packet.messageId());
    if (v5) {
      PropertiesEncoder.write(out, packet.properties(), PropertyScope.SUBSCRIBE);
    }
    for (Subscription subscription : packet.subscriptions()) {
      FieldWriter.writeUtf8(out, subscription.topic());
      int options = subscription.qos();
      if (v5) {
        options |= (subscription.nl() ? 0x04 : 0) | (subscription.rap() ? 0x08 : 0)
            | subscription.rh() << 4;
      }
      out.writeByte(options);
    }
  }
}
