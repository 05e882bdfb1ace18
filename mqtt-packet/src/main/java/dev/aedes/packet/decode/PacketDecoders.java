package dev.aedes.packet.decode;

import dev.aedes.packet.Packet;
import dev.aedes.packet.PacketException;
import dev.aedes.packet.PacketType;
import dev.aedes.packet.ProtocolVersion;
import io.netty.buffer.ByteBuf;

/**
 * The one dispatch table from packet type to decoder, with the checks every packet shares:
 * reserved type values, fixed-header flags and trailing bytes.
 */
public final class PacketDecoders {
  private static final PacketDecoder[] DECODERS = new PacketDecoder[16];
  /** Required low nibble per type, or -1 where the flags carry data (PUBLISH). */
  private static final int[] FLAGS = new int[16];

  static {
    register(PacketType.CONNECT, 0, new ConnectDecoder());
    register(PacketType.CONNACK, 0, new ConnackDecoder());
    register(PacketType.PUBLISH, -1, new PublishDecoder());
    register(PacketType.PUBACK, 0, new PubackDecoder());
    register(PacketType.PUBREC, 0, new PubrecDecoder());
    register(PacketType.PUBREL, 2, new PubrelDecoder());
    register(PacketType.PUBCOMP, 0, new PubcompDecoder());
    register(PacketType.SUBSCRIBE, 2, new SubscribeDecoder());
    register(PacketType.SUBACK, 0, new SubackDecoder());
    register(PacketType.UNSUBSCRIBE, 2, new UnsubscribeDecoder());
    register(PacketType.UNSUBACK, 0, new UnsubackDecoder());
    register(PacketType.PINGREQ, 0, new PingreqDecoder());
    register(PacketType.PINGRESP, 0, new PingrespDecoder());
    register(PacketType.DISCONNECT, 0, new DisconnectDecoder());
    register(PacketType.AUTH, 0, new AuthDecoder());
  }

  private PacketDecoders() {
  }

  private static void register(PacketType type, int flags, PacketDecoder decoder) {
    DECODERS[type.value()] = decoder;
    FLAGS[type.value()] = flags;
  }

  /**
   * Checks the first byte of a fixed header before any body is buffered: the type must exist at
   * this protocol level and reserved flags must hold their fixed values ([MQTT-2.2.2-2]).
   */
  public static void checkFixedHeader(int firstByte, int version) {
    int type = firstByte >> 4;
    if (type == 0 || (type == PacketType.AUTH.value() && version < ProtocolVersion.MQTT_5)) {
      throw PacketException.malformed("reserved packet type " + type);
    }
    int required = FLAGS[type];
    if (required >= 0 && (firstByte & 0x0F) != required) {
      throw PacketException.malformed("invalid fixed header flags 0x"
          + Integer.toHexString(firstByte & 0x0F) + " for " + PacketType.of(type)
          + " [MQTT-2.2.2-2]");
    }
  }

  /**
   * Decodes one packet whose body holds exactly its Remaining Length. Every fault, whatever its
   * cause, leaves here as a {@link PacketException}.
   */
  public static Packet decode(int firstByte, ByteBuf body, int version) {
    checkFixedHeader(firstByte, version);
    Packet packet = DECODERS[firstByte >> 4].decode(firstByte & 0x0F, body, version);
    if (body.isReadable()) {
      throw PacketException.malformed(body.readableBytes() + " unexpected bytes at the end of "
          + packet.type());
    }
    return packet;
  }
}
