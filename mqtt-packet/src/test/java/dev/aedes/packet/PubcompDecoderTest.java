package dev.aedes.packet;

import static dev.aedes.packet.Fixtures.assertFixture;
import static dev.aedes.packet.Fixtures.assertMalformed;
import static dev.aedes.packet.Fixtures.assertRejectedByGenerator;
import static dev.aedes.packet.Fixtures.bytes;
import static dev.aedes.packet.Fixtures.parseOne;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * PUBCOMP ([MQTT 3.1.1] 3.7, [MQTT 5.0] 3.7): packet id; MQTT 5 adds a reason code
 * (0x00 or 0x92) and properties, both left out in the shortest form ([MQTT 5.0] 3.7.2.1).
 */
class PubcompDecoderTest {
  @ParameterizedTest(name = "level {0}")
  @ValueSource(ints = {3, 4})
  void pubcompIsFourBytesBeforeMqtt5(int version) {
    assertFixture(version, new PubcompPacket(42), bytes(
        0x70, // type 7, flags 0 [MQTT 3.1.1] 3.7.1
        0x02, // remaining length 2
        0x00, 0x2A)); // packet identifier 42 [MQTT 3.1.1] 3.7.2
  }

  @Test
  void successWithoutPropertiesIsTheShortestForm() {
    // [MQTT 5.0] 3.7.2.1: reason code and property length left out when 0x00 and no properties
    assertFixture(5, new PubcompPacket(42), bytes(
        0x70, // type 7, flags 0
        0x02, // remaining length 2
        0x00, 0x2A)); // packet identifier 42
  }

  @Test
  void reasonCodeWithoutPropertiesHasNoPropertyLength() {
    // [MQTT 5.0] 3.7.2.2.1: remaining length < 4 means no property length
    assertFixture(5, new PubcompPacket(42, 0x92, Properties.EMPTY), bytes(
        0x70, // type 7, flags 0
        0x03, // remaining length 3
        0x00, 0x2A, // packet identifier 42
        0x92)); // reason code 0x92 Packet Identifier not found [MQTT 5.0] 3.7.2.1
  }

  @Test
  void reasonCodeWithReasonStringAndUserProperties() {
    Properties properties = Properties.builder().reasonString("gone")
        .userProperty("a", "b").userProperty("a", "c").build();
    assertFixture(5, new PubcompPacket(42, 0x92, properties), bytes(
        0x70, // type 7, flags 0
        0x19, // remaining length 25
        0x00, 0x2A, // packet identifier 42
        0x92, // reason code 0x92 Packet Identifier not found
        0x15, // property length 21 [MQTT 5.0] 3.7.2.2.1
        0x1F, 0x00, 0x04, 'g', 'o', 'n', 'e', // reason string "gone" [MQTT 5.0] 3.7.2.2.2
        0x26, 0x00, 0x01, 'a', 0x00, 0x01, 'b', // user property a=b [MQTT 5.0] 3.7.2.2.3
        0x26, 0x00, 0x01, 'a', 0x00, 0x01, 'c')); // same name again, order kept
  }

  @Test
  void explicitSuccessAndEmptyPropertiesParseLikeTheShortForm() {
    assertThat(parseOne(5, bytes(0x70, 0x03, 0x00, 0x2A, 0x00))) // reason code 0x00
        .isEqualTo(new PubcompPacket(42));
    assertThat(parseOne(5, bytes(0x70, 0x04, 0x00, 0x2A, 0x00, 0x00))) // + property length 0
        .isEqualTo(new PubcompPacket(42));
  }

  @ParameterizedTest(name = "level {0}")
  @ValueSource(ints = {3, 4, 5})
  void reservedFlagsAreMalformed(int version) {
    // [MQTT-2.2.2-2] PUBCOMP flags are 0000; the PUBREL value 0010 is no exception
    assertMalformed(version, bytes(0x72, 0x02, 0x00, 0x2A), ReasonCode.MALFORMED_PACKET);
  }

  @ParameterizedTest(name = "level {0}")
  @ValueSource(ints = {3, 4, 5})
  void dupFlagIsMalformed(int version) {
    assertMalformed(version, bytes(0x78, 0x02, 0x00, 0x2A), ReasonCode.MALFORMED_PACKET);
  }

  @ParameterizedTest(name = "level {0}")
  @ValueSource(ints = {3, 4, 5})
  void messageIdZeroIsMalformed(int version) {
    // [MQTT-2.2.1-3] a packet identifier is non-zero
    assertMalformed(version, bytes(0x70, 0x02, 0x00, 0x00), ReasonCode.MALFORMED_PACKET);
  }

  @ParameterizedTest(name = "level {0}")
  @ValueSource(ints = {3, 4, 5})
  void truncatedMessageIdIsMalformed(int version) {
    assertMalformed(version, bytes(
        0x70, // type 7, flags 0
        0x01, // remaining length 1
        0x2A), // half a packet identifier
        ReasonCode.MALFORMED_PACKET);
  }

  @ParameterizedTest(name = "level {0}")
  @ValueSource(ints = {3, 4})
  void trailingBytesBeforeMqtt5AreMalformed(int version) {
    // [MQTT 3.1.1] 3.7.1: remaining length is exactly 2
    assertMalformed(version, bytes(0x70, 0x03, 0x00, 0x2A, 0x92), ReasonCode.MALFORMED_PACKET);
  }

  @Test
  void reasonCodeOfPubackIsMalformed() {
    // 0x10 No matching subscribers belongs to PUBACK/PUBREC only ([MQTT 5.0] 3.7.2.1)
    assertMalformed(5, bytes(0x70, 0x03, 0x00, 0x2A, 0x10), ReasonCode.MALFORMED_PACKET);
  }

  @Test
  void topicAliasPropertyIsMalformed() {
    // [MQTT 5.0] 2.2.2.2: an identifier not valid for the packet type is a Malformed Packet
    assertMalformed(5, bytes(
        0x70, // type 7, flags 0
        0x07, // remaining length 7
        0x00, 0x2A, // packet identifier 42
        0x00, // reason code success
        0x03, // property length 3
        0x23, 0x00, 0x01), // topic alias 1: PUBLISH only
        ReasonCode.MALFORMED_PACKET);
  }

  @Test
  void repeatedReasonStringIsProtocolError() {
    // [MQTT 5.0] 3.7.2.2.2: reason string more than once is a Protocol Error
    assertMalformed(5, bytes(
        0x70, // type 7, flags 0
        0x0C, // remaining length 12
        0x00, 0x2A, // packet identifier 42
        0x92, // reason code Packet Identifier not found
        0x08, // property length 8
        0x1F, 0x00, 0x01, 'x', // reason string "x"
        0x1F, 0x00, 0x01, 'y'), // reason string "y" again
        ReasonCode.PROTOCOL_ERROR);
  }

  @Test
  void generatorRejectsReasonCodeOfAnotherPacket() {
    assertRejectedByGenerator(5, new PubcompPacket(42, 0x10, Properties.EMPTY),
        "not valid in PUBCOMP");
  }

  @Test
  void generatorRejectsPropertyNotAllowedInPubcomp() {
    Properties alias = Properties.builder().set(Property.TOPIC_ALIAS, 1).build();
    assertRejectedByGenerator(5, new PubcompPacket(42, 0, alias), "topicAlias");
  }

  @Test
  void messageIdZeroCannotBeBuilt() {
    assertThatThrownBy(() -> new PubcompPacket(0)).isInstanceOf(IllegalArgumentException.class);
  }
}
