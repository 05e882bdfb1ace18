package dev.aedes.packet.decode;

import dev.aedes.packet.DisconnectPacket;
import dev.aedes.packet.PacketType;
import dev.aedes.packet.Properties;
import io.netty.buffer.ByteBuf;

/** DISCONNECT: empty before MQTT 5; then an optional reason code and optional properties. */
final class DisconnectDecoder implements PacketDecoder {
  @Override
  public DisconnectPacket decode(int flags, ByteBuf body, int version) {
    int reasonCode = AckDecoding.readReasonCode(body, PacketType.DISCONNECT, version);
    Properties properties = AckDecoding.readProperties(body, PacketType.DISCONNECT, version);
    return reasonCode == 0 && properties.isEmpty()
        ? DisconnectPacket.NORMAL
        : new DisconnectPacket(reasonCode, properties);
  }
}
