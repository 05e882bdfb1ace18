package dev.aedes.packet.decode;

import dev.aedes.packet.Packet;
import io.netty.buffer.ByteBuf;

/**
 * Decodes the body (variable header and payload) of one packet type. The body holds exactly the
 * Remaining Length; the decoder reads it through {@link FieldReader} so that every fault is a
 * {@link dev.aedes.packet.PacketException}.
 */
@FunctionalInterface
public interface PacketDecoder {
  /**
   * @param flags the low nibble of the fixed header, already checked where it is fixed
   * @param protocolVersion 3, 4 or 5, as learned from CONNECT
   */
  Packet decode(int flags, ByteBuf body, int protocolVersion);
}
