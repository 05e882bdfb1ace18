package dev.aedes.packet.decode;

import dev.aedes.packet.PacketException;
import dev.aedes.packet.PacketType;
import dev.aedes.packet.Properties;
import dev.aedes.packet.PropertyScope;
import dev.aedes.packet.ProtocolVersion;
import dev.aedes.packet.ReasonCode;
import dev.aedes.packet.UnsubackPacket;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/** UNSUBACK ([MQTT 5.0] 3.11): packet id; in MQTT 5 also properties and one code per filter. */
final class UnsubackDecoder implements PacketDecoder {
  @Override
  public UnsubackPacket decode(int flags, ByteBuf body, int version) {
    int messageId = FieldReader.readMessageId(body);
    if (version < ProtocolVersion.MQTT_5) {
      return new UnsubackPacket(messageId);
    }
    Properties properties = PropertiesDecoder.read(body, PropertyScope.UNSUBACK);
    List<Integer> granted = new ArrayList<>(body.readableBytes());
    while (body.isReadable()) {
      int code = body.readUnsignedByte();
      if (!ReasonCode.isAllowed(PacketType.UNSUBACK, code)) {
        throw PacketException.malformed(
            "UNSUBACK code 0x" + Integer.toHexString(code) + " is invalid");
      }
      granted.add(code);
    }
    if (granted.isEmpty()) {
      throw PacketException.malformed("MQTT 5 UNSUBACK without reason codes [MQTT-3.11.3-1]");
    }
    return new UnsubackPacket(messageId, granted, properties);
  }
}
