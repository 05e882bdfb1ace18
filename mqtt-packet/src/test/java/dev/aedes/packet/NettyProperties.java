package dev.aedes.packet;

import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttProperties.BinaryProperty;
import io.netty.handler.codec.mqtt.MqttProperties.IntegerProperty;
import io.netty.handler.codec.mqtt.MqttProperties.MqttProperty;
import io.netty.handler.codec.mqtt.MqttProperties.StringPair;
import io.netty.handler.codec.mqtt.MqttProperties.StringProperty;
import java.util.Collection;
import java.util.Map;

/**
 * Converts MQTT 5 properties between our {@link Properties} and Netty's {@link MqttProperties}.
 * Netty holds every numeric property as an {@code Integer} (four-byte ones signed, so they are
 * read back unsigned) and the 0/1 ones as 0 or 1.
 */
final class NettyProperties {
  private NettyProperties() {
  }

  static MqttProperties toNetty(Properties properties) {
    MqttProperties netty = new MqttProperties();
    for (Map.Entry<Property, Object> entry : properties.values().entrySet()) {
      int id = entry.getKey().id();
      Object value = entry.getValue();
      netty.add(switch (entry.getKey().type()) {
        case BYTE -> new IntegerProperty(id, value instanceof Boolean b ? (b ? 1 : 0) : (Integer) value);
        case TWO_BYTE -> new IntegerProperty(id, (Integer) value);
        case FOUR_BYTE -> new IntegerProperty(id, (int) (long) (Long) value);
        case UTF8 -> new StringProperty(id, (String) value);
        case BINARY -> new BinaryProperty(id, (byte[]) value);
        case VARINT, UTF8_PAIR -> throw new IllegalStateException("multi-valued " + entry);
      });
    }
    for (int id : properties.subscriptionIdentifiers()) {
      netty.add(new IntegerProperty(Property.SUBSCRIPTION_IDENTIFIER.id(), id));
    }
    for (UserProperty user : properties.userProperties()) {
      netty.add(new MqttProperties.UserProperty(user.name(), user.value()));
    }
    return netty;
  }

  static Properties fromNetty(MqttProperties netty) {
    if (netty == null) {
      return Properties.EMPTY;
    }
    Properties.Builder builder = Properties.builder();
    for (MqttProperty<?> nettyProperty : netty.listAll()) {
      Property property = Property.of(nettyProperty.propertyId());
      Object value = nettyProperty.value();
      if (property == Property.USER_PROPERTY) {
        if (value instanceof StringPair pair) {
          builder.userProperty(pair.key, pair.value);
        } else {
          for (Object pair : (Collection<?>) value) {
            builder.userProperty(((StringPair) pair).key, ((StringPair) pair).value);
          }
        }
      } else if (property == Property.SUBSCRIPTION_IDENTIFIER) {
        builder.subscriptionIdentifier((Integer) value);
      } else {
        builder.set(property, switch (property.type()) {
          case BYTE -> property == Property.MAXIMUM_QOS ? value : (Object) ((Integer) value == 1);
          case FOUR_BYTE -> Integer.toUnsignedLong((Integer) value);
          default -> value;
        });
      }
    }
    return builder.build();
  }
}
