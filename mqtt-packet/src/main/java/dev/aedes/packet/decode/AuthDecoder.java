package dev.aedes.packet.decode;

import dev.aedes.packet.AuthPacket;
import dev.aedes.packet.PacketType;
import dev.aedes.packet.Properties;
import dev.aedes.packet.PropertyScope;
import io.netty.buffer.ByteBuf;

/** AUTH (MQTT 5 only; the dispatcher refuses it earlier): reason code and properties. */
final class AuthDecoder implements PacketDecoder {
  @Override
  public AuthPacket decode(int flags, ByteBuf body, int version) {
    if (!body.isReadable()) {
      return new AuthPacket(0, Properties.EMPTY); // [MQTT 5.0] 3.15.2.1: both omitted
    }
    int reasonCode = AckDecoding.readReasonCode(body, PacketType.AUTH, version);
    // Unlike the acks, AUTH may not leave out the Property Length alone (3.15.2.2.1).
    Properties properties = PropertiesDecoder.read(body, PropertyScope.AUTH);
    return new AuthPacket(reasonCode, properties);
  }
}
