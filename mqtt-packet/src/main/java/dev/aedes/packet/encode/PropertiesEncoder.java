package dev.aedes.packet.encode;

import dev.aedes.packet.Properties;
import dev.aedes.packet.Property;
import dev.aedes.packet.PropertyScope;
import dev.aedes.packet.UserProperty;
import io.netty.buffer.ByteBuf;
import java.util.Map;

/**
 * Writes an MQTT 5 property list: Property Length, then the single-valued properties in
 * identifier order, the subscription identifiers, then the user properties in their order.
 */
public final class PropertiesEncoder {
  private PropertiesEncoder() {
  }

  /**
   * The size of the properties without their length prefix; refuses a property that is not
   * valid in {@code scope} ([MQTT 5.0] 2.2.2.2).
   */
  public static int contentSize(Properties properties, PropertyScope scope) {
    if (properties.isEmpty()) {
      return 0;
    }
    int size = 0;
    for (Map.Entry<Property, Object> entry : properties.values().entrySet()) {
      Property property = entry.getKey();
      checkScope(property, scope);
      Object value = entry.getValue();
      size += 1 + switch (property.type()) {
        case BYTE -> 1;
        case TWO_BYTE -> 2;
        case FOUR_BYTE -> 4;
        case UTF8 -> FieldWriter.utf8Size((String) value, property.jsName());
        case BINARY -> FieldWriter.binarySize((byte[]) value, property.jsName());
        case VARINT, UTF8_PAIR -> throw new IllegalStateException(property + " is multi-valued");
      };
    }
    if (!properties.subscriptionIdentifiers().isEmpty()) {
      checkScope(Property.SUBSCRIPTION_IDENTIFIER, scope);
      if (properties.subscriptionIdentifiers().size() > 1 && scope != PropertyScope.PUBLISH) {
        throw new IllegalArgumentException("only a PUBLISH may carry several subscription identifiers");
      }
      for (int id : properties.subscriptionIdentifiers()) {
        size += 1 + FieldWriter.varIntSize(id);
      }
    }
    for (UserProperty user : properties.userProperties()) {
      size += 1 + FieldWriter.utf8Size(user.name(), "user property name")
          + FieldWriter.utf8Size(user.value(), "user property value");
    }
    return size;
  }

  /** The size with the Property Length prefix. */
  public static int size(Properties properties, PropertyScope scope) {
    int content = contentSize(properties, scope);
    return FieldWriter.varIntSize(content) + content;
  }

  /** Writes the Property Length and the properties. */
  public static void write(ByteBuf out, Properties properties, PropertyScope scope) {
    int content = contentSize(properties, scope);
    FieldWriter.writeVarInt(out, content);
    if (content == 0) {
      return;
    }
    for (Map.Entry<Property, Object> entry : properties.values().entrySet()) {
      Property property = entry.getKey();
      Object value = entry.getValue();
      out.writeByte(property.id());
      switch (property.type()) {
        case BYTE -> out.writeByte(value instanceof Boolean b ? (b ? 1 : 0) : (Integer) value);
        case TWO_BYTE -> out.writeShort((Integer) value);
        case FOUR_BYTE -> out.writeInt((int) (long) (Long) value);
        case UTF8 -> FieldWriter.writeUtf8(out, (String) value);
        case BINARY -> FieldWriter.writeBinary(out, (byte[]) value);
        case VARINT, UTF8_PAIR -> throw new IllegalStateException(property + " is multi-valued");
      }
    }
    for (int id : properties.subscriptionIdentifiers()) {
      out.writeByte(Property.SUBSCRIPTION_IDENTIFIER.id());
      FieldWriter.writeVarInt(out, id);
    }
    for (UserProperty user : properties.userProperties()) {
      out.writeByte(Property.USER_PROPERTY.id());
      FieldWriter.writeUtf8(out, user.name());
      FieldWriter.writeUtf8(out, user.value());
    }
  }

  private static void checkScope(Property property, PropertyScope scope) {
    if (!property.isAllowedIn(scope)) {
      throw new IllegalArgumentException(property.jsName() + " is not allowed in " + scope);
    }
  }
}
