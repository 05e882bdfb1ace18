package dev.aedes.packet.decode;

import dev.aedes.packet.PacketException;
import dev.aedes.packet.Properties;
import dev.aedes.packet.PropertyScope;
import dev.aedes.packet.ProtocolVersion;
import dev.aedes.packet.UnsubscribePacket;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/** UNSUBSCRIBE ([MQTT 5.0] 3.10): packet id, properties (5), one or more topic filters. */
final class UnsubscribeDecoder implements PacketDecoder {
  @Override
  public UnsubscribePacket decode(int flags, ByteBuf body, int version) {
    int messageId = FieldReader.readMessageId(body);
    boolean v5 = version == ProtocolVersion.MQTT_5;
    Properties properties = v5
        ? PropertiesDecoder.read(body, PropertyScope.UNSUBSCRIBE)
        : Properties.EMPTY;
    List<String> filters = new ArrayList<>(2);
    while (body.isReadable()) {
      filters.add(FieldReader.readUtf8(body, "topic filter"));
    }
    if (filters.isEmpty()) {
      throw v5
          ? PacketException.protocolError("UNSUBSCRIBE without topic filters [MQTT-3.10.3-2]")
          : PacketException.malformed("UNSUBSCRIBE without topic filters [MQTT-3.10.3-2]");
    }
    return new UnsubscribePacket(messageId, filters, properties);
  }
}
