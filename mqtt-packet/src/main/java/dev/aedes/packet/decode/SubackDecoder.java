package dev.aedes.packet.decode;

import dev.aedes.packet.PacketException;
import dev.aedes.packet.PacketType;
import dev.aedes.packet.Properties;
import dev.aedes.packet.PropertyScope;
import dev.aedes.packet.ProtocolVersion;
import dev.aedes.packet.ReasonCode;
import dev.aedes.packet.SubackPacket;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/** SUBACK ([MQTT 5.0] 3.9): packet id, properties (5), one code per subscription. */
final class SubackDecoder implements PacketDecoder {
  @Override
  public SubackPacket decode(int flags, ByteBuf body, int version) {
    int messageId = FieldReader.readMessageId(body);
    boolean v5 = version == ProtocolVersion.MQTT_5;
    Properties properties = v5
        ? PropertiesDecoder.read(body, PropertyScope.SUBACK)
        : Properties.EMPTY;
    List<Integer> granted = new ArrayList<>(body.readableBytes());
    while (body.isReadable()) {
      int code = body.readUnsignedByte();
      boolean valid = v5 ? ReasonCode.isAllowed(PacketType.SUBACK, code) : code <= 2 || code == 0x80;
      if (!valid) {
        throw PacketException.malformed("SUBACK code 0x" + Integer.toHexString(code)
            + " is invalid [MQTT-3.9.3-2]");
      }
      granted.add(code);
    }
    if (granted.isEmpty()) {
      throw PacketException.malformed("SUBACK without return codes");
    }
    return new SubackPacket(messageId, granted, properties);
  }
}
