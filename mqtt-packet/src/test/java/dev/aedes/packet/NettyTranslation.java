package dev.aedes.packet;

import static io.netty.handler.codec.mqtt.MqttMessageType.PUBCOMP;
import static io.netty.handler.codec.mqtt.MqttMessageType.PUBREC;
import static io.netty.handler.codec.mqtt.MqttMessageType.PUBREL;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttConnectPayload;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttConnectVariableHeader;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageIdAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPubReplyMessageVariableHeader;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttPublishVariableHeader;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttReasonCodeAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttSubAckMessage;
import io.netty.handler.codec.mqtt.MqttSubAckPayload;
import io.netty.handler.codec.mqtt.MqttSubscribeMessage;
import io.netty.handler.codec.mqtt.MqttSubscriptionOption;
import io.netty.handler.codec.mqtt.MqttTopicSubscription;
import io.netty.handler.codec.mqtt.MqttUnsubAckMessage;
import io.netty.handler.codec.mqtt.MqttUnsubscribeMessage;
import io.netty.handler.codec.mqtt.MqttVersion;
import java.util.List;

/**
 * Translates our packet records to Netty's MQTT messages (through MqttMessageBuilders where
 * they can express the packet) and Netty's decoded messages back to our records, so the two
 * codecs can be compared field by field. Properties go through {@link NettyProperties}.
 */
final class NettyTranslation {
  private NettyTranslation() {
  }

  static MqttMessage toNetty(Packet packet, int version) {
    if (packet instanceof ConnectPacket p) {
      Will will = p.will();
      var builder = MqttMessageBuilders.connect()
          .protocolVersion(p.protocolVersion() == 5 ? MqttVersion.MQTT_5 : MqttVersion.MQTT_3_1_1)
          .clientId(p.clientId()).cleanSession(p.clean()).keepAlive(p.keepalive())
          .properties(NettyProperties.toNetty(p.properties()))
          .willFlag(will != null).hasUser(p.username() != null).username(p.username())
          .hasPassword(p.password() != null).password(p.password());
      if (will != null) {
        builder.willQoS(MqttQoS.valueOf(will.qos())).willRetain(will.retain())
            .willTopic(will.topic()).willMessage(will.payload())
            .willProperties(NettyProperties.toNetty(will.properties()));
      }
      return builder.build();
    } else if (packet instanceof ConnackPacket p) {
      return MqttMessageBuilders.connAck().sessionPresent(p.sessionPresent())
          .returnCode(MqttConnectReturnCode.valueOf((byte) p.reasonCode()))
          .properties(NettyProperties.toNetty(p.properties())).build();
    } else if (packet instanceof PublishPacket p) {
      // The builder has no DUP flag, so PUBLISH is built from its parts.
      return new MqttPublishMessage(
          new MqttFixedHeader(MqttMessageType.PUBLISH, p.dup(), MqttQoS.valueOf(p.qos()),
              p.retain(), 0),
          new MqttPublishVariableHeader(p.topic(), p.messageId(),
              NettyProperties.toNetty(p.properties())),
          Unpooled.wrappedBuffer(p.payload()));
    } else if (packet instanceof PubackPacket p) {
      return MqttMessageBuilders.pubAck().packetId(p.messageId()).reasonCode((byte) p.reasonCode())
          .properties(NettyProperties.toNetty(p.properties())).build();
    } else if (packet instanceof PubrecPacket p) {
      return pubReply(PUBREC, p.messageId(), p.reasonCode(), p.properties());
    } else if (packet instanceof PubrelPacket p) {
      return pubReply(PUBREL, p.messageId(), p.reasonCode(), p.properties());
    } else if (packet instanceof PubcompPacket p) {
      return pubReply(PUBCOMP, p.messageId(), p.reasonCode(), p.properties());
    } else if (packet instanceof SubscribePacket p) {
      var builder = MqttMessageBuilders.subscribe().messageId(p.messageId())
          .properties(NettyProperties.toNetty(p.properties()));
      for (Subscription s : p.subscriptions()) {
        builder.addSubscription(s.topic(), new MqttSubscriptionOption(MqttQoS.valueOf(s.qos()),
            s.nl(), s.rap(), MqttSubscriptionOption.RetainedHandlingPolicy.valueOf(s.rh())));
      }
      return builder.build();
    } else if (packet instanceof SubackPacket p) {
      // The builder takes only granted QoS values, not MQTT 5 failure reason codes.
      return new MqttSubAckMessage(new MqttFixedHeader(MqttMessageType.SUBACK, false,
          MqttQoS.AT_MOST_ONCE, false, 0),
          new MqttMessageIdAndPropertiesVariableHeader(p.messageId(),
              NettyProperties.toNetty(p.properties())),
          new MqttSubAckPayload(p.granted()));
    } else if (packet instanceof UnsubscribePacket p) {
      var builder = MqttMessageBuilders.unsubscribe().messageId(p.messageId())
          .properties(NettyProperties.toNetty(p.properties()));
      p.unsubscriptions().forEach(builder::addTopicFilter);
      return builder.build();
    } else if (packet instanceof UnsubackPacket p) {
      var builder = MqttMessageBuilders.unsubAck().packetId(p.messageId())
          .properties(NettyProperties.toNetty(p.properties()));
      p.granted().forEach(code -> builder.addReasonCode((short) (int) code));
      return builder.build();
    } else if (packet instanceof PingreqPacket) {
      return MqttMessage.PINGREQ;
    } else if (packet instanceof PingrespPacket) {
      return MqttMessage.PINGRESP;
    } else if (packet instanceof DisconnectPacket p) {
      return version < ProtocolVersion.MQTT_5 ? MqttMessage.DISCONNECT
          : MqttMessageBuilders.disconnect().reasonCode((byte) p.reasonCode())
              .properties(NettyProperties.toNetty(p.properties())).build();
    } else if (packet instanceof AuthPacket p) {
      return MqttMessageBuilders.auth().reasonCode((byte) p.reasonCode())
          .properties(NettyProperties.toNetty(p.properties())).build();
    }
    throw new IllegalArgumentException("no translation for " + packet);
  }

  private static MqttMessage pubReply(MqttMessageType type, int messageId, int reasonCode,
      Properties properties) {
    // [MQTT-3.6.1-1]: Netty writes the PUBREL flags 0010 from QoS 1 in its fixed header.
    MqttQoS qos = type == PUBREL ? MqttQoS.AT_LEAST_ONCE : MqttQoS.AT_MOST_ONCE;
    return new MqttMessage(new MqttFixedHeader(type, false, qos, false, 0),
        new MqttPubReplyMessageVariableHeader(messageId, (byte) reasonCode,
            NettyProperties.toNetty(properties)));
  }

  /** Our record for what Netty decoded; the message is not released here. */
  static Packet fromNetty(MqttMessage message) {
    MqttFixedHeader fixed = message.fixedHeader();
    Object header = message.variableHeader();
    switch (fixed.messageType()) {
      case CONNECT: {
        MqttConnectVariableHeader h = ((MqttConnectMessage) message).variableHeader();
        MqttConnectPayload payload = ((MqttConnectMessage) message).payload();
        Will will = h.isWillFlag()
            ? new Will(payload.willTopic(), payload.willMessageInBytes(), h.willQos(),
                h.isWillRetain(), NettyProperties.fromNetty(payload.willProperties()))
            : null;
        return new ConnectPacket(h.name(), h.version(), h.isCleanSession(),
            h.keepAliveTimeSeconds(), payload.clientIdentifier(), will,
            h.hasUserName() ? payload.userName() : null,
            h.hasPassword() ? payload.passwordInBytes() : null,
            NettyProperties.fromNetty(h.properties()));
      }
      case CONNACK: {
        var h = ((MqttConnAckMessage) message).variableHeader();
        return new ConnackPacket(h.isSessionPresent(), h.connectReturnCode().byteValue() & 0xFF,
            NettyProperties.fromNetty(h.properties()));
      }
      case PUBLISH: {
        MqttPublishMessage publish = (MqttPublishMessage) message;
        int qos = fixed.qosLevel().value();
        return new PublishPacket(fixed.isDup(), qos, fixed.isRetain(),
            publish.variableHeader().topicName(), qos > 0 ? publish.variableHeader().packetId() : 0,
            ByteBufUtil.getBytes(publish.payload()),
            NettyProperties.fromNetty(publish.variableHeader().properties()));
      }
      case PUBACK:
        return new PubackPacket(messageId(header), reasonCode(header), properties(header));
      case PUBREC:
        return new PubrecPacket(messageId(header), reasonCode(header), properties(header));
      case PUBREL:
        return new PubrelPacket(messageId(header), reasonCode(header), properties(header));
      case PUBCOMP:
        return new PubcompPacket(messageId(header), reasonCode(header), properties(header));
      case SUBSCRIBE: {
        List<Subscription> subscriptions = ((MqttSubscribeMessage) message).payload()
            .topicSubscriptions().stream().map(NettyTranslation::subscription).toList();
        return new SubscribePacket(messageId(header), subscriptions, properties(header));
      }
      case SUBACK:
        return new SubackPacket(messageId(header),
            ((MqttSubAckMessage) message).payload().reasonCodes(), properties(header));
      case UNSUBSCRIBE:
        return new UnsubscribePacket(messageId(header),
            ((MqttUnsubscribeMessage) message).payload().topics(), properties(header));
      case UNSUBACK: {
        var payload = ((MqttUnsubAckMessage) message).payload();
        List<Integer> codes = payload == null ? List.of()
            : payload.unsubscribeReasonCodes().stream().map(c -> c & 0xFF).toList();
        return new UnsubackPacket(messageId(header), codes, properties(header));
      }
      case PINGREQ:
        return PingreqPacket.INSTANCE;
      case PINGRESP:
        return PingrespPacket.INSTANCE;
      case DISCONNECT:
        return new DisconnectPacket(reasonCode(header), properties(header));
      case AUTH:
        return new AuthPacket(reasonCode(header), properties(header));
      default:
        throw new IllegalArgumentException("unknown Netty message " + message);
    }
  }

  private static Subscription subscription(MqttTopicSubscription s) {
    MqttSubscriptionOption o = s.option();
    return new Subscription(s.topicFilter(), o.qos().value(), o.isNoLocal(),
        o.isRetainAsPublished(), o.retainHandling().value());
  }

  private static int messageId(Object header) {
    return ((MqttMessageIdVariableHeader) header).messageId();
  }

  private static int reasonCode(Object header) {
    if (header instanceof MqttPubReplyMessageVariableHeader h) {
      return h.reasonCode() & 0xFF;
    }
    if (header instanceof MqttReasonCodeAndPropertiesVariableHeader h) {
      return h.reasonCode() & 0xFF;
    }
    return 0;
  }

  private static Properties properties(Object header) {
    if (header instanceof MqttPubReplyMessageVariableHeader h) {
      return NettyProperties.fromNetty(h.properties());
    }
    if (header instanceof MqttReasonCodeAndPropertiesVariableHeader h) {
      return NettyProperties.fromNetty(h.properties());
    }
    if (header instanceof MqttMessageIdAndPropertiesVariableHeader h) {
      return NettyProperties.fromNetty(h.properties());
    }
    return Properties.EMPTY;
  }
}
