package dev.aedes.packet;

import static dev.aedes.packet.FieldArbitraries.binary;
import static dev.aedes.packet.FieldArbitraries.properties;
import static dev.aedes.packet.FieldArbitraries.reasonCode;
import static dev.aedes.packet.FieldArbitraries.topicFilter;
import static dev.aedes.packet.FieldArbitraries.topicName;
import static dev.aedes.packet.FieldArbitraries.utf8;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * jqwik arbitraries for valid packets of every type at every level where the type exists.
 * Below MQTT 5 the packets carry nothing the level cannot encode (no properties, reason codes,
 * subscription options or UNSUBACK codes), so a round trip must give back the same record.
 */
final class PacketArbitraries {
  static final int[] LEVELS = {ProtocolVersion.MQTT_3_1, ProtocolVersion.MQTT_3_1_1,
      ProtocolVersion.MQTT_5};

  private PacketArbitraries() {
  }

  /** A packet with the level it is valid at. */
  record Sample(int version, Packet packet) {
  }

  /** Any type at any level (AUTH only at 5). */
  static Arbitrary<Sample> anyPacket() {
    List<Arbitrary<Sample>> all = new ArrayList<>();
    for (int version : LEVELS) {
      for (PacketType type : PacketType.values()) {
        if (type != PacketType.AUTH || version == ProtocolVersion.MQTT_5) {
          all.add(packet(type, version).map(p -> new Sample(version, p)));
        }
      }
    }
    return Arbitraries.oneOf(all);
  }

  static Arbitrary<? extends Packet> packet(PacketType type, int version) {
    return switch (type) {
      case CONNECT -> connect(version);
      case CONNACK -> connack(version);
      case PUBLISH -> publish(version);
      case PUBACK -> ack(type, version).as((id, code, p) -> new PubackPacket(id, code, p));
      case PUBREC -> ack(type, version).as((id, code, p) -> new PubrecPacket(id, code, p));
      case PUBREL -> ack(type, version).as((id, code, p) -> new PubrelPacket(id, code, p));
      case PUBCOMP -> ack(type, version).as((id, code, p) -> new PubcompPacket(id, code, p));
      case SUBSCRIBE -> subscribe(version);
      case SUBACK -> suback(version);
      case UNSUBSCRIBE -> Combinators.combine(messageIds(), topicFilter().list().ofMinSize(1)
          .ofMaxSize(4), properties(PropertyScope.UNSUBSCRIBE, version))
          .as(UnsubscribePacket::new);
      case UNSUBACK -> unsuback(version);
      case PINGREQ -> Arbitraries.just(PingreqPacket.INSTANCE);
      case PINGRESP -> Arbitraries.just(PingrespPacket.INSTANCE);
      case DISCONNECT -> version < ProtocolVersion.MQTT_5
          ? Arbitraries.just(DisconnectPacket.NORMAL)
          : Combinators.combine(reasonCode(type), properties(PropertyScope.DISCONNECT))
              .as(DisconnectPacket::new);
      case AUTH -> Combinators.combine(reasonCode(type), properties(PropertyScope.AUTH))
          .as(AuthPacket::new);
    };
  }

  static Arbitrary<Integer> messageIds() {
    return Arbitraries.integers().between(1, 0xFFFF);
  }

  private static Arbitrary<ConnectPacket> connect(int version) {
    boolean v5 = version == ProtocolVersion.MQTT_5;
    Arbitrary<Will> will = Combinators.combine(topicName(), binary(16),
        Arbitraries.integers().between(0, 2), Arbitraries.of(true, false),
        properties(PropertyScope.WILL, version)).as(Will::new);
    Arbitrary<String> username = utf8().injectNull(0.4);
    Arbitrary<byte[]> password = binary(12).injectNull(0.4);
    return Combinators.combine(Arbitraries.of(true, false), Arbitraries.integers().between(0, 0xFFFF),
        utf8(0, 23), will.injectNull(0.4), username, password,
        properties(PropertyScope.CONNECT, version))
        .filter((clean, keepalive, clientId, w, user, pass, props) ->
            v5 || pass == null || user != null) // [MQTT-3.1.2-22]
        .as((clean, keepalive, clientId, w, user, pass, props) -> new ConnectPacket(
            ProtocolVersion.protocolId(version), version, clean, keepalive, clientId, w, user,
            pass, props));
  }

  private static Arbitrary<ConnackPacket> connack(int version) {
    Arbitrary<Integer> codes = version == ProtocolVersion.MQTT_5
        ? reasonCode(PacketType.CONNACK)
        : Arbitraries.integers().between(0, 5);
    return Combinators.combine(Arbitraries.of(true, false), codes,
        properties(PropertyScope.CONNACK, version))
        .as((present, code, props) -> new ConnackPacket(present && code == 0, code, props));
  }

  private static Arbitrary<PublishPacket> publish(int version) {
    Arbitrary<byte[]> payload = Arbitraries.frequencyOf(
        Tuple.of(9, binary(40)),
        Tuple.of(1, binary(3000))); // over the generator's wrap threshold
    return Combinators.combine(Arbitraries.integers().between(0, 2), Arbitraries.of(true, false),
        Arbitraries.of(true, false), topicName(), messageIds(), payload,
        properties(PropertyScope.PUBLISH, version), Arbitraries.of(true, false))
        .as((qos, dup, retain, topic, id, bytes, props, aliasOnly) -> new PublishPacket(
            qos > 0 && dup, qos, retain,
            aliasOnly && props.topicAlias() != null ? "" : topic, // [MQTT-3.3.2-1]
            qos > 0 ? id : 0, bytes, props));
  }

  private static Combinators.Combinator3<Integer, Integer, Properties> ack(PacketType type,
      int version) {
    return Combinators.combine(messageIds(),
        version == ProtocolVersion.MQTT_5 ? reasonCode(type) : Arbitraries.just(0),
        properties(PropertyScope.of(type), version));
  }

  private static Arbitrary<SubscribePacket> subscribe(int version) {
    boolean v5 = version == ProtocolVersion.MQTT_5;
    Arbitrary<Subscription> subscription = Combinators.combine(topicFilter(),
        Arbitraries.integers().between(0, 2), Arbitraries.of(true, false),
        Arbitraries.of(true, false), Arbitraries.integers().between(0, 2))
        .as((topic, qos, nl, rap, rh) -> v5
            ? new Subscription(topic, qos, nl, rap, rh)
            : new Subscription(topic, qos));
    return Combinators.combine(messageIds(), subscription.list().ofMinSize(1).ofMaxSize(4),
        properties(PropertyScope.SUBSCRIBE, version)).as(SubscribePacket::new);
  }

  private static Arbitrary<SubackPacket> suback(int version) {
    Arbitrary<Integer> codes = version == ProtocolVersion.MQTT_5
        ? reasonCode(PacketType.SUBACK)
        : Arbitraries.of(0, 1, 2, 0x80);
    return Combinators.combine(messageIds(), codes.list().ofMinSize(1).ofMaxSize(5),
        properties(PropertyScope.SUBACK, version)).as(SubackPacket::new);
  }

  private static Arbitrary<UnsubackPacket> unsuback(int version) {
    if (version < ProtocolVersion.MQTT_5) {
      return messageIds().map(UnsubackPacket::new);
    }
    return Combinators.combine(messageIds(),
        reasonCode(PacketType.UNSUBACK).list().ofMinSize(1).ofMaxSize(5),
        properties(PropertyScope.UNSUBACK)).as(UnsubackPacket::new);
  }
}
