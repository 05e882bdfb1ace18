package dev.aedes.packet.decode;

import dev.aedes.packet.PacketType;
import dev.aedes.packet.Properties;
import dev.aedes.packet.PubackPacket;
import io.netty.buffer.ByteBuf;

/** PUBACK: packet id, then (MQTT 5) an optional reason code and optional properties. */
final class PubackDecoder implements PacketDecoder {
  @Override
  public PubackPacket decode(int flags, ByteBuf body, int version) {
    int messageId = FieldReader.readMessageId(body);
    int reasonCode = AckDecoding.readReasonCode(body, PacketType.PUBACK, version);
    Properties properties = AckDecoding.readProperties(body, PacketType.PUBACK, version);
    return new PubackPacket(messageId, reasonCode, properties);
  }
}
