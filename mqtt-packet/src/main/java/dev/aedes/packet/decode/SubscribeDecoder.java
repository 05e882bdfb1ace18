package dev.aedes.packet.decode;

import dev.aedes.packet.PacketException;
import dev.aedes.packet.Properties;
import dev.aedes.packet.PropertyScope;
import dev.aedes.packet.ProtocolVersion;
import dev.aedes.packet.SubscribePacket;
import dev.aedes.packet.Subscription;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/** SUBSCRIBE ([MQTT 5.0] 3.8): packet id, properties (5), then filter + options pairs. */
final class SubscribeDecoder implements PacketDecoder {
  @Override
  public SubscribePacket decode(int flags, ByteBuf body, int version) {
    int messageId = FieldReader.readMessageId(body);
    boolean v5 = version == ProtocolVersion.MQTT_5;
    Properties properties = v5
        ? PropertiesDecoder.read(body, PropertyScope.SUBSCRIBE)
        : Properties.EMPTY;
    List<Subscription> subscriptions = new ArrayList<>(2);
    while (body.isReadable()) {
      String topic = FieldReader.readUtf8(body, "topic filter");
      int options = FieldReader.readByte(body, "subscription options");
      if ((options & (v5 ? 0xC0 : 0xFC)) != 0) {
        throw PacketException.malformed("reserved subscription option bits set [MQTT-3.8.3-5]");
      }
      int qos = options & 0x03;
      if (qos == 3) {
        // 3.1.1 calls it malformed [MQTT-3-8.3-4]; 5.0 a Protocol Error ([MQTT 5.0] 3.8.3.1)
        throw v5
            ? PacketException.protocolError("subscription Maximum QoS 3 [MQTT 5.0 3.8.3.1]")
            : PacketException.malformed("subscription QoS 3 [MQTT-3-8.3-4]");
      }
      int rh = (options >> 4) & 0x03;
      if (rh == 3) {
        throw PacketException.protocolError("retain handling 3 [MQTT 5.0 3.8.3.1]");
      }
      subscriptions.add(new Subscription(topic, qos, (options & 0x04) != 0,
          (options & 0x08) != 0, rh));
    }
    if (subscriptions.isEmpty()) {
      throw v5
          ? PacketException.protocolError("SUBSCRIBE without topic filters [MQTT-3.8.3-2]")
          : PacketException.malformed("SUBSCRIBE without topic filters [MQTT-3.8.3-3]");
    }
    return new SubscribePacket(messageId, subscriptions, properties);
  }
}
