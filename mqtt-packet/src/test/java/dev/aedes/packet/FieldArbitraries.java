package dev.aedes.packet;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * jqwik arbitraries for the MQTT data representations: UTF-8 strings (multi-byte and
 * supplementary characters, never U+0000 or an unpaired surrogate), topic names, binary data,
 * reason codes valid in a packet, and MQTT 5 property lists valid in a scope.
 */
final class FieldArbitraries {
  private FieldArbitraries() {
  }

  /** One code point: mostly ASCII, also two-, three- and four-byte UTF-8 forms. */
  static Arbitrary<Integer> codePoints() {
    return Arbitraries.frequencyOf(
        Tuple.of(6, Arbitraries.integers().between(0x01, 0x7F)),
        Tuple.of(2, Arbitraries.integers().between(0x80, 0x7FF)),
        Tuple.of(1, Arbitraries.integers().between(0x800, 0xD7FF)),
        Tuple.of(1, Arbitraries.integers().between(0xE000, 0xFFFF)),
        Tuple.of(2, Arbitraries.integers().between(0x10000, 0x10FFFF)));
  }

  /** A well-formed MQTT UTF-8 string of 0..maxChars code points ([MQTT-1.5.4-1], [MQTT-1.5.4-2]). */
  static Arbitrary<String> utf8(int minChars, int maxChars) {
    return codePoints().list().ofMinSize(minChars).ofMaxSize(maxChars).map(points -> {
      StringBuilder sb = new StringBuilder();
      points.forEach(sb::appendCodePoint);
      return sb.toString();
    });
  }

  static Arbitrary<String> utf8() {
    return utf8(0, 12);
  }

  /** A topic name: non-empty, no wildcards ([MQTT-3.3.2-2], [MQTT-4.7.3-1]), some slashes. */
  static Arbitrary<String> topicName() {
    Arbitrary<Integer> points = Arbitraries.frequencyOf(
        Tuple.of(8, codePoints().filter(c -> c != '+' && c != '#')),
        Tuple.of(2, Arbitraries.just((int) '/')));
    return points.list().ofMinSize(1).ofMaxSize(12).map(list -> {
      StringBuilder sb = new StringBuilder();
      list.forEach(sb::appendCodePoint);
      return sb.toString();
    });
  }

  /** A topic filter: non-empty, may hold wildcards (the codec does not police filters). */
  static Arbitrary<String> topicFilter() {
    return Arbitraries.oneOf(topicName(), Arbitraries.of("#", "+", "a/+/b", "a/#", "+/+"));
  }

  static Arbitrary<byte[]> binary(int maxLength) {
    return Arbitraries.bytes().array(byte[].class).ofMaxSize(maxLength);
  }

  /** A reason code MQTT 5 allows in this packet type ([MQTT 5.0] 2.4). */
  static Arbitrary<Integer> reasonCode(PacketType type) {
    return Arbitraries.of(Arrays.stream(ReasonCode.values())
        .filter(code -> ReasonCode.isAllowed(type, code.code()))
        .map(ReasonCode::code)
        .toList());
  }

  /** A value of the property's Java type within its legal range. */
  static Arbitrary<Object> value(Property property) {
    Arbitrary<?> arbitrary = switch (property) {
      case MAXIMUM_QOS -> Arbitraries.integers().between(0, 1);
      case RECEIVE_MAXIMUM, TOPIC_ALIAS -> Arbitraries.integers().between(1, 0xFFFF);
      case MAXIMUM_PACKET_SIZE -> Arbitraries.longs().between(1, 0xFFFF_FFFFL);
      case RESPONSE_TOPIC -> topicName(); // [MQTT-3.3.2-14]
      default -> switch (property.type()) {
        case BYTE -> Arbitraries.of(true, false);
        case TWO_BYTE -> Arbitraries.integers().between(0, 0xFFFF);
        case FOUR_BYTE -> Arbitraries.longs().between(0, 0xFFFF_FFFFL);
        case UTF8 -> utf8();
        case BINARY -> binary(12);
        case VARINT, UTF8_PAIR -> throw new IllegalArgumentException(property + " is multi-valued");
      };
    };
    return arbitrary.map(v -> (Object) v);
  }

  /**
   * A property list valid in {@code scope}: any subset of the single-valued properties allowed
   * there, subscription identifiers (several only in PUBLISH), and repeated user properties.
   */
  static Arbitrary<Properties> properties(PropertyScope scope) {
    List<Arbitrary<Optional<Object[]>>> singles = new ArrayList<>();
    for (Property property : Property.values()) {
      if (property == Property.USER_PROPERTY || property == Property.SUBSCRIPTION_IDENTIFIER
          || !property.isAllowedIn(scope)) {
        continue;
      }
      singles.add(value(property).map(v -> new Object[] {property, v}).optional(0.3));
    }
    int maxIds = !Property.SUBSCRIPTION_IDENTIFIER.isAllowedIn(scope) ? 0
        : Property.SUBSCRIPTION_IDENTIFIER.isRepeatableIn(scope) ? 3 : 1;
    Arbitrary<List<Integer>> ids = Arbitraries.integers().between(1, 268_435_455)
        .list().ofMaxSize(maxIds);
    Arbitrary<List<UserProperty>> users = Combinators.combine(utf8(0, 6), utf8(0, 6))
        .as(UserProperty::new).list().ofMaxSize(3);
    Arbitrary<Properties> some = Combinators.combine(Combinators.combine(singles).as(l -> l), ids,
        users).as((values, subscriptionIds, userProperties) -> {
          Properties.Builder builder = Properties.builder();
          values.forEach(o -> o.ifPresent(pair -> builder.set((Property) pair[0], pair[1])));
          subscriptionIds.forEach(builder::subscriptionIdentifier);
          userProperties.forEach(u -> builder.userProperty(u.name(), u.value()));
          if (builder.has(Property.AUTHENTICATION_DATA)
              && !builder.has(Property.AUTHENTICATION_METHOD)) {
            builder.set(Property.AUTHENTICATION_DATA, null); // data needs a method (3.1.2.11.10)
          }
          return builder.build();
        });
    return Arbitraries.frequencyOf(
        Tuple.of(1, Arbitraries.just(Properties.EMPTY)),
        Tuple.of(4, some));
  }

  /** The properties at this level: none below MQTT 5. */
  static Arbitrary<Properties> properties(PropertyScope scope, int version) {
    return version == ProtocolVersion.MQTT_5 ? properties(scope) : Arbitraries.just(Properties.EMPTY);
  }
}
