package dev.aedes.packet.decode;

import dev.aedes.packet.PacketType;
import dev.aedes.packet.Properties;
import dev.aedes.packet.PubrelPacket;
import io.netty.buffer.ByteBuf;

/** PUBREL: packet id, then (MQTT 5) an optional reason code and optional properties. */
final class PubrelDecoder implements PacketDecoder {
  @Override
  public PubrelPacket decode(int flags, ByteBuf body, int version) {
    int messageId = FieldReader.readMessageId(body);
    int reasonCode = AckDecoding.readReasonCode(body, PacketType.PUBREL, version);
    Properties properties = AckDecoding.readProperties(body, PacketType.PUBREL, version);
    return new PubrelPacket(messageId, reasonCode, properties);
  }
}
