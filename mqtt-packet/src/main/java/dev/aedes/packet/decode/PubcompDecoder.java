package dev.aedes.packet.decode;

import dev.aedes.packet.PacketType;
import dev.aedes.packet.Properties;
import dev.aedes.packet.PubcompPacket;
import io.netty.buffer.ByteBuf;

/** PUBCOMP: packet id, then (MQTT 5) an optional reason code and optional properties. */
final class PubcompDecoder implements PacketDecoder {
  @Override
  public PubcompPacket decode(int flags, ByteBuf body, int version) {
    int messageId = FieldReader.readMessageId(body);
    int reasonCode = AckDecoding.readReasonCode(body, PacketType.PUBCOMP, version);
    Properties properties = AckDecoding.readProperties(body, PacketType.PUBCOMP, version);
    return new PubcompPacket(messageId, reasonCode, properties);
  }
}
