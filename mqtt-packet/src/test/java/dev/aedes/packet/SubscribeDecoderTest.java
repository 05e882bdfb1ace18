package dev.aedes.packet;

import static dev.aedes.packet.Fixtures.assertFixture;
import static dev.aedes.packet.Fixtures.assertMalformed;
import static dev.aedes.packet.Fixtures.assertRejectedByGenerator;
import static dev.aedes.packet.Fixtures.bytes;
import static dev.aedes.packet.Fixtures.parseOne;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SUBSCRIBE ([MQTT 3.1.1] 3.8, [MQTT 5.0] 3.8): flags 0010, packet id, properties (5), then
 * topic filter + options pairs. Before MQTT 5 the options byte holds only the QoS.
 */
class SubscribeDecoderTest {
  @ParameterizedTest(name = "level {0}")
  @ValueSource(ints = {3, 4})
  void oneFilterBeforeMqtt5(int version) {
    assertFixture(version, new SubscribePacket(1, List.of(new Subscription("a/b", 1))), bytes(
        0x82, // type 8, flags 0010 [MQTT-3.8.1-1]
        0x08, // remaining length 8
        0x00, 0x01, // packet identifier 1
        0x00, 0x03, 'a', '/', 'b', // topic filter "a/b" [MQTT 3.1.1] 3.8.3
        0x01)); // requested QoS 1
  }

  @ParameterizedTest(name = "level {0}")
  @ValueSource(ints = {3, 4})
  void severalFiltersWithEveryQosBeforeMqtt5(int version) {
    SubscribePacket packet = new SubscribePacket(0x1234, List.of(new Subscription("a", 0),
        new Subscription("b/+", 1), new Subscription("#", 2)));
    assertFixture(version, packet, bytes(
        0x82, // type 8, flags 0010
        0x10, // remaining length 16
        0x12, 0x34, // packet identifier 0x1234
        0x00, 0x01, 'a', // topic filter "a"
        0x00, // QoS 0
        0x00, 0x03, 'b', '/', '+', // topic filter "b/+"
        0x01, // QoS 1
        0x00, 0x01, '#', // topic filter "#"
        0x02)); // QoS 2
  }

  @Test
  void oneFilterAtMqtt5() {
    assertFixture(5, new SubscribePacket(1, List.of(new Subscription("a/b", 1))), bytes(
        0x82, // type 8, flags 0010
        0x09, // remaining length 9
        0x00, 0x01, // packet identifier 1
        0x00, // property length 0 [MQTT 5.0] 3.8.2.1.1
        0x00, 0x03, 'a', '/', 'b', // topic filter "a/b"
        0x01)); // options: QoS 1, nl 0, rap 0, rh 0 [MQTT 5.0] 3.8.3.1
  }

  @Test
  void subscriptionOptionsAtMqtt5() {
    SubscribePacket packet = new SubscribePacket(7, List.of(
        new Subscription("x", 1, true, true, 2),
        new Subscription("y", 0, false, false, 1),
        new Subscription("z", 2, true, false, 0)));
    assertFixture(5, packet, bytes(
        0x82, // type 8, flags 0010
        0x0F, // remaining length 15
        0x00, 0x07, // packet identifier 7
        0x00, // property length 0
        0x00, 0x01, 'x', // topic filter "x"
        0x2D, // rh 2 (bits 4-5), rap (bit 3), nl (bit 2), QoS 1 [MQTT 5.0] 3.8.3.1
        0x00, 0x01, 'y', // topic filter "y"
        0x10, // rh 1, QoS 0
        0x00, 0x01, 'z', // topic filter "z"
        0x06)); // nl, QoS 2
  }

  @Test
  void largestSubscriptionIdentifierAndUserProperty() {
    Properties properties = Properties.builder().subscriptionIdentifier(268_435_455)
        .userProperty("k", "v").build();
    assertFixture(5, new SubscribePacket(1, List.of(new Subscription("t", 0)), properties), bytes(
        0x82, // type 8, flags 0010
        0x13, // remaining length 19
        0x00, 0x01, // packet identifier 1
        0x0C, // property length 12
        0x0B, 0xFF, 0xFF, 0xFF, 0x7F, // subscription identifier 268,435,455 [MQTT 5.0] 3.8.2.1.2
        0x26, 0x00, 0x01, 'k', 0x00, 0x01, 'v', // user property k=v [MQTT 5.0] 3.8.2.1.3
        0x00, 0x01, 't', // topic filter "t"
        0x00)); // QoS 0
  }

  @Test
  void twoByteSubscriptionIdentifier() {
    Properties properties = Properties.builder().subscriptionIdentifier(321).build();
    assertFixture(5, new SubscribePacket(1, List.of(new Subscription("t", 0)), properties), bytes(
        0x82, // type 8, flags 0010
        0x0A, // remaining length 10
        0x00, 0x01, // packet identifier 1
        0x03, // property length 3
        0x0B, 0xC1, 0x02, // subscription identifier 321 = 65 + 2 * 128 [MQTT 5.0] 1.5.5
        0x00, 0x01, 't', // topic filter "t"
        0x00)); // QoS 0
  }

  @Test
  void generatorLeavesMqtt5OptionsOutBeforeMqtt5() {
    SubscribePacket packet = new SubscribePacket(1,
        List.of(new Subscription("t", 1, true, true, 2)));
    byte[] expected = bytes(
        0x82, // type 8, flags 0010
        0x06, // remaining length 6
        0x00, 0x01, // packet identifier 1
        0x00, 0x01, 't', // topic filter "t"
        0x01); // QoS 1 only: bits 2-7 are reserved [MQTT-3-8.3-4]
    assertThat(Generator.toBytes(packet, 4)).isEqualTo(expected);
    assertThat(parseOne(4, expected))
        .isEqualTo(new SubscribePacket(1, List.of(new Subscription("t", 1))));
  }

  @ParameterizedTest(name = "level {0}")
  @ValueSource(ints = {3, 4, 5})
  void flagsZeroAreMalformed(int version) {
    // [MQTT-3.8.1-1] bits 3..0 are 0010
    assertMalformed(version, bytes(0x80, 0x06, 0x00, 0x01, 0x00, 0x01, 't', 0x00),
        ReasonCode.MALFORMED_PACKET);
  }

  @ParameterizedTest(name = "level {0}")
  @ValueSource(ints = {3, 4})
  void noFiltersBeforeMqtt5IsMalformed(int version) {
    // [MQTT-3.8.3-3] at least one topic filter / QoS pair
    assertMalformed(version, bytes(0x82, 0x02, 0x00, 0x01), ReasonCode.MALFORMED_PACKET);
  }

  @Test
  void noFiltersAtMqtt5IsProtocolError() {
    // [MQTT 5.0] 3.8.3: a SUBSCRIBE with no payload is a Protocol Error [MQTT-3.8.3-2]
    assertMalformed(5, bytes(
        0x82, // type 8, flags 0010
        0x03, // remaining length 3
        0x00, 0x01, // packet identifier 1
        0x00), // property length 0, then nothing
        ReasonCode.PROTOCOL_ERROR);
  }

  @ParameterizedTest(name = "level {0}")
  @ValueSource(ints = {3, 4})
  void qos3BeforeMqtt5IsMalformed(int version) {
    // [MQTT-3-8.3-4] (3.1.1 numbering) QoS not 0, 1 or 2 is malformed
    assertMalformed(version, bytes(0x82, 0x06, 0x00, 0x01, 0x00, 0x01, 't', 0x03),
        ReasonCode.MALFORMED_PACKET);
  }

  @Test
  void qos3AtMqtt5IsProtocolError() {
    // [MQTT 5.0] 3.8.3.1: a Maximum QoS of 3 is a Protocol Error
    assertMalformed(5, bytes(0x82, 0x07, 0x00, 0x01, 0x00, 0x00, 0x01, 't', 0x03),
        ReasonCode.PROTOCOL_ERROR);
  }

  @ParameterizedTest(name = "options 0x{0}")
  @ValueSource(ints = {0x04, 0x08, 0x10, 0x20, 0x40, 0x80})
  void reservedOptionBitsBeforeMqtt5AreMalformed(int options) {
    // [MQTT-3-8.3-4] bits 2-7 of the requested QoS byte are reserved
    assertMalformed(4, bytes(0x82, 0x06, 0x00, 0x01, 0x00, 0x01, 't', options),
        ReasonCode.MALFORMED_PACKET);
  }

  @ParameterizedTest(name = "options 0x{0}")
  @ValueSource(ints = {0x40, 0x80, 0xC0})
  void reservedOptionBitsAtMqtt5AreMalformed(int options) {
    // [MQTT-3.8.3-5] bits 6-7 of the subscription options are reserved
    assertMalformed(5, bytes(0x82, 0x07, 0x00, 0x01, 0x00, 0x00, 0x01, 't', options),
        ReasonCode.MALFORMED_PACKET);
  }

  @Test
  void retainHandling3IsProtocolError() {
    // [MQTT 5.0] 3.8.3.1: a Retain Handling value of 3 is a Protocol Error
    assertMalformed(5, bytes(0x82, 0x07, 0x00, 0x01, 0x00, 0x00, 0x01, 't', 0x30),
        ReasonCode.PROTOCOL_ERROR);
  }

  @Test
  void subscriptionIdentifierZeroIsProtocolError() {
    // [MQTT 5.0] 3.8.2.1.2: a Subscription Identifier of 0 is a Protocol Error
    assertMalformed(5, bytes(
        0x82, // type 8, flags 0010
        0x09, // remaining length 9
        0x00, 0x01, // packet identifier 1
        0x02, // property length 2
        0x0B, 0x00, // subscription identifier 0
        0x00, 0x01, 't', // topic filter "t"
        0x00), // QoS 0
        ReasonCode.PROTOCOL_ERROR);
  }

  @Test
  void twoSubscriptionIdentifiersAreProtocolError() {
    // [MQTT 5.0] 3.8.2.1.2: more than one Subscription Identifier is a Protocol Error
    assertMalformed(5, bytes(
        0x82, // type 8, flags 0010
        0x0B, // remaining length 11
        0x00, 0x01, // packet identifier 1
        0x04, // property length 4
        0x0B, 0x01, // subscription identifier 1
        0x0B, 0x02, // subscription identifier 2
        0x00, 0x01, 't', // topic filter "t"
        0x00), // QoS 0
        ReasonCode.PROTOCOL_ERROR);
  }

  @Test
  void reasonStringPropertyIsMalformed() {
    // [MQTT 5.0] 2.2.2.2: reason string is not valid in SUBSCRIBE
    assertMalformed(5, bytes(0x82, 0x0B, 0x00, 0x01, 0x04, 0x1F, 0x00, 0x01, 'r',
        0x00, 0x01, 't', 0x00), ReasonCode.MALFORMED_PACKET);
  }

  @ParameterizedTest(name = "level {0}")
  @ValueSource(ints = {4, 5})
  void invalidUtf8FilterIsMalformed(int version) {
    // [MQTT-1.5.4-1] 0xC3 0x28: a lead byte followed by a non-continuation byte
    byte[] body = bytes(0x00, 0x01, 0x00, 0x02, 0xC3, 0x28, 0x00);
    assertMalformed(version, withHeader(version, body), ReasonCode.MALFORMED_PACKET);
  }

  @ParameterizedTest(name = "level {0}")
  @ValueSource(ints = {4, 5})
  void nullCharacterInFilterIsMalformed(int version) {
    // [MQTT-1.5.4-2] U+0000 is not allowed in a UTF-8 string
    byte[] body = bytes(0x00, 0x01, 0x00, 0x01, 0x00, 0x00);
    assertMalformed(version, withHeader(version, body), ReasonCode.MALFORMED_PACKET);
  }

  @ParameterizedTest(name = "level {0}")
  @ValueSource(ints = {3, 4})
  void messageIdZeroIsMalformed(int version) {
    // [MQTT-2.3.1-1] SUBSCRIBE carries a non-zero packet identifier
    assertMalformed(version, bytes(0x82, 0x06, 0x00, 0x00, 0x00, 0x01, 't', 0x00),
        ReasonCode.MALFORMED_PACKET);
  }

  @Test
  void messageIdZeroAtMqtt5IsMalformed() {
    // [MQTT-2.2.1-3]
    assertMalformed(5, bytes(0x82, 0x07, 0x00, 0x00, 0x00, 0x00, 0x01, 't', 0x00),
        ReasonCode.MALFORMED_PACKET);
  }

  @ParameterizedTest(name = "level {0}")
  @ValueSource(ints = {3, 4})
  void filterWithoutOptionsByteIsMalformed(int version) {
    assertMalformed(version, bytes(0x82, 0x05, 0x00, 0x01, 0x00, 0x01, 't'),
        ReasonCode.MALFORMED_PACKET);
  }

  @Test
  void generatorRejectsTwoSubscriptionIdentifiers() {
    Properties two = Properties.builder().subscriptionIdentifier(1).subscriptionIdentifier(2)
        .build();
    assertRejectedByGenerator(5, new SubscribePacket(1, List.of(new Subscription("t", 0)), two),
        "several subscription identifiers");
  }

  @Test
  void invalidSubscriptionsCannotBeBuilt() {
    assertThatThrownBy(() -> new Subscription("t", 3)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Subscription("t", 0, false, false, 3))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new SubscribePacket(1, List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** Prefixes a SUBSCRIBE body (without property length) with header and, at 5, properties. */
  private static byte[] withHeader(int version, byte[] idAndPayload) {
    boolean v5 = version == ProtocolVersion.MQTT_5;
    byte[] all = new byte[idAndPayload.length + (v5 ? 3 : 2)];
    all[0] = (byte) 0x82; // type 8, flags 0010
    all[1] = (byte) (all.length - 2); // remaining length
    System.arraycopy(idAndPayload, 0, all, 2, 2); // packet identifier
    // At 5 the property length 0 sits between the packet identifier and the payload.
    System.arraycopy(idAndPayload, 2, all, v5 ? 5 : 4, idAndPayload.length - 2);
    return all;
  }
}
