package dev.aedes.packet.decode;

import dev.aedes.packet.AuthPacket;
import dev.aedes.packet.PacketType;
import dev.aedes.packet.Properties;
import io.netty.buffer.ByteBuf;

/** AUTH (MQTT 5 only; the dispatcher refuses it earlier): reason code and properties. */
final class AuthDecoder implements PacketDecoder {
  @Override
  public AuthPacket decode(int flags, ByteBuf body, int version) {
    int reasonCode = AckDecoding.readReasonCode(body, PacketType.AUTH, version);
    Properties properties = AckDecoding.readProperties(body, PacketType.AUTH, version);
    return new AuthPacket(reasonCode, properties);
  }
}
