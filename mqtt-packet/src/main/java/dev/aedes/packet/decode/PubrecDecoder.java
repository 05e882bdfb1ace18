package dev.aedes.packet.decode;

import dev.aedes.packet.PacketType;
import dev.aedes.packet.Properties;
import dev.aedes.packet.PubrecPacket;
import io.netty.buffer.ByteBuf;

/** PUBREC: packet id, then (MQTT 5) an optional reason code and optional properties. */
final class PubrecDecoder implements PacketDecoder {
  @Override
  public PubrecPacket decode(int flags, ByteBuf body, int version) {
    int messageId = FieldReader.readMessageId(body);
    int reasonCode = AckDecoding.readReasonCode(body, PacketType.PUBREC, version);
    Properties properties = AckDecoding.readProperties(body, PacketType.PUBREC, version);
    return new PubrecPacket(messageId, reasonCode, properties);
  }
}
