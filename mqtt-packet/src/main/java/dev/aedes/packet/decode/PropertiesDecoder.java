package dev.aedes.packet.decode;

import dev.aedes.packet.PacketException;
import dev.aedes.packet.Properties;
import dev.aedes.packet.Property;
import dev.aedes.packet.PropertyScope;
import dev.aedes.packet.ReasonCode;
import io.netty.buffer.ByteBuf;

/** Reads an MQTT 5 property list ([MQTT 5.0] 2.2.2): its length, then the properties. */
public final class PropertiesDecoder {
  private PropertiesDecoder() {
  }

  /**
   * Reads the Property Length and the properties it covers. An identifier not valid in this
   * packet is a Malformed Packet; a repeated single property, or a value out of its range, is a
   * Protocol Error ([MQTT 5.0] 2.2.2.2, 3.1.2.11).
   */
  public static Properties read(ByteBuf body, PropertyScope scope) {
    int length = FieldReader.readVarInt(body, "property length");
    if (length == 0) {
      return Properties.EMPTY;
    }
    FieldReader.need(body, length, "properties");
    int end = body.readerIndex() + length;
    ByteBuf slice = body.readSlice(length);
    Properties.Builder builder = Properties.builder();
    while (slice.isReadable()) {
      int id = FieldReader.readVarInt(slice, "property identifier");
      Property property = Property.of(id);
      if (property == null || !property.isAllowedIn(scope)) {
        throw PacketException.malformed(
            "property 0x" + Integer.toHexString(id) + " is not valid in " + scope);
      }
      String name = property.jsName();
      switch (property.type()) {
        case UTF8_PAIR -> builder.userProperty(FieldReader.readUtf8(slice, name),
            FieldReader.readUtf8(slice, name));
        case VARINT -> {
          int value = FieldReader.readVarInt(slice, name);
          if (value == 0) {
            throw PacketException.protocolError("subscriptionIdentifier 0 [MQTT-3.8.2.1.2]");
          }
          if (!property.isRepeatableIn(scope) && builder.has(property)) {
            throw repeated(property);
          }
          builder.subscriptionIdentifier(value);
        }
        default -> {
          if (builder.has(property)) {
            throw repeated(property);
          }
          builder.set(property, readValue(slice, property));
        }
      }
    }
    body.readerIndex(end);
    return builder.build();
  }

  private static Object readValue(ByteBuf slice, Property property) {
    String name = property.jsName();
    return switch (property.type()) {
      case BYTE -> {
        int value = FieldReader.readByte(slice, name);
        if (value > 1) {
          throw PacketException.protocolError(name + " must be 0 or 1, was " + value);
        }
        yield property == Property.MAXIMUM_QOS ? (Object) value : (Object) (value == 1);
      }
      case TWO_BYTE -> {
        int value = FieldReader.readUInt16(slice, name);
        if (value == 0 && property == Property.TOPIC_ALIAS) {
          // [MQTT-3.3.2-8]: an invalid alias, answered as any other (0x94, as Mosquitto)
          throw new PacketException(ReasonCode.TOPIC_ALIAS_INVALID, name + " must not be 0");
        }
        if (value == 0 && property == Property.RECEIVE_MAXIMUM) {
          throw PacketException.protocolError(name + " must not be 0");
        }
        yield value;
      }
      case FOUR_BYTE -> {
        long value = FieldReader.readUInt32(slice, name);
        if (value == 0 && property == Property.MAXIMUM_PACKET_SIZE) {
          throw PacketException.protocolError("maximumPacketSize must not be 0");
        }
        yield value;
      }
      case UTF8 -> FieldReader.readUtf8(slice, name);
      case BINARY -> FieldReader.readBinary(slice, name);
      case VARINT, UTF8_PAIR -> throw new IllegalStateException("handled by the caller");
    };
  }

  private static PacketException repeated(Property property) {
    return PacketException.protocolError(property.jsName() + " given more than once");
  }
}
