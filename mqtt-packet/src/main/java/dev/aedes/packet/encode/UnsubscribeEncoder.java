package dev.aedes.packet.encode;

import dev.aedes.packet.PropertyScope;
import dev.aedes.packet.ProtocolVersion;
import dev.aedes.packet.UnsubscribePacket;
import io.netty.buffer.ByteBuf;

/** UNSUBSCRIBE: packet id, properties (5), topic filters. */
final class UnsubscribeEncoder implements PacketEncoder<UnsubscribePacket> {
  @Override
  public int flags(UnsubscribePacket packet) {
    return 0x02; // [MQTT-3.10.1-1]
  }

  @Override
  public int bodySize(UnsubscribePacket packet, int version) {
    int size = 2;
    if (version == ProtocolVersion.MQTT_5) {
      size += PropertiesEncoder.size(packet.properties(), PropertyScope.UNSUBSCRIBE);
    }
    for (String filter : packet.unsubscriptions()) {
      size += FieldWriter.utf8Size(filter, "topic filter");
    }
    return size;
  }

  @Override
  public void writeBody(UnsubscribePacket packet, int version, ByteBuf out) {
    out.writeShort(packet.messageId());
    if (version == ProtocolVersion.MQTT_5) {
      PropertiesEncoder.write(out, packet.properties(), PropertyScope.UNSUBSCRIBE);
    }
    for (String filter : packet.unsubscriptions()) {
      FieldWriter.writeUtf8(out, filter);
    }
  }
}
