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
 * PUBACK ([MQTT 3.1.1] 3.4, [MQTT 5.0] 3.4): packet id; MQTT 5 adds a reason code and
 * properties, both left out in the shortest form ([MQTT 5.0] 3.4.2.1).
 */
class PubackDecoderTest {
  @ParameterizedTest(name = "level {0}")
  @ValueSource(ints = {3, 4})
  void pubackIsFourBytesBeforeMqtt5(int version) {
    assertFixture(version, new PubackPacket(42), bytes(
        0x40, // type 4, flags 0 [MQTT 3.1.1] 3.4.1
        0x02, // remaining length 2
        0x00, 0x2A)); // packet identifier 42 [MQTT 3.1.1] 3.4.2
  }

  @Test
  void successWithoutPropertiesIsTheShortestForm() {
    // [MQTT 5.0] 3.4.2.1: reason code and property length left out when 0x00 and no properties
    assertFixture(5, new PubackPacket(42), bytes(
        0x40, // type 4, flags 0
        0x02, // remaining length 2
        0x00, 0x2A)); // packet identifier 42
  }

  @Test
  void reasonCodeWithoutPropertiesHasNoPropertyLength() {
    // [MQTT 5.0] 3.4.2.2.1: remaining length < 4 means no property length
    assertFixture(5, new PubackPacket(42, 0x10, Properties.EMPTY), bytes(
        0x40, // type 4, flags 0
        0x03, // remaining length 3
        0x00, 0x2A, // packet identifier 42
        0x10)); // reason code 0x10 No matching subscribers [MQTT 5.0] 3.4.2.1
  }

  @Test
  void reasonCodeWithReasonStringAndUserProperties() {
    Properties properties = Properties.builder().reasonString("no")
        .userProperty("a", "b").build();
    assertFixture(5, new PubackPacket(42, 0x87, properties), bytes(
        0x40, // type 4, flags 0
        0x10, // remaining length 16
        0x00, 0x2A, // packet identifier 42
        0x87, // reason code 0x87 Not authorized
        0x0C, // property length 12 [MQTT 5.0] 3.4.2.2.1
        0x1F, 0x00, 0x02, 'n', 'o', // reason string "no" [MQTT 5.0] 3.4.2.2.2
        0x26, 0x00, 0x01, 'a', 0x00, 0x01, 'b')); // user property a=b [MQTT 5.0] 3.4.2.2.3
  }

  @Test
  void explicitSuccessAndEmptyPropertiesParseLikeTheShortForm() {
    // The long forms are valid too; the generator only ever writes the shortest one.
    assertThat(parseOne(5, bytes(0x40, 0x03, 0x00, 0x2A, 0x00))) // reason code 0x00
        .isEqualTo(new PubackPacket(42));
    assertThat(parseOne(5, bytes(0x40, 0x04, 0x00, 0x2A, 0x00, 0x00))) // + property length 0
        .isEqualTo(new PubackPacket(42));
  }

  @ParameterizedTest(name = "level {0}")
  @ValueSource(ints = {3, 4, 5})
  void messageIdZeroIsMalformed(int version) {
    // [MQTT-2.2.1-3] a packet identifier is non-zero
    assertMalformed(version, bytes(0x40, 0x02, 0x00, 0x00), ReasonCode.MALFORMED_PACKET);
  }

  @ParameterizedTest(name = "level {0}")
  @ValueSource(ints = {3, 4, 5})
  void truncatedMessageIdIsMalformed(int version) {
    assertMalformed(version, bytes(
        0x40, // type 4, flags 0
        0x01, // remaining length 1
        0x00), // half a packet identifier
        ReasonCode.MALFORMED_PACKET);
  }

  @ParameterizedTest(name = "level {0}")
  @ValueSource(ints = {3, 4, 5})
  void reservedFlagsAreMalformed(int version) {
    // [MQTT-2.2.2-2] PUBACK flags are 0000
    assertMalformed(version, bytes(0x41, 0x02, 0x00, 0x2A), ReasonCode.MALFORMED_PACKET);
  }

  @ParameterizedTest(name = "level {0}")
  @ValueSource(ints = {3, 4})
  void trailingBytesBeforeMqtt5AreMalformed(int version) {
    // [MQTT 3.1.1] 3.4.1: remaining length is exactly 2
    assertMalformed(version, bytes(0x40, 0x03, 0x00, 0x2A, 0x10), ReasonCode.MALFORMED_PACKET);
  }

  @Test
  void reasonCodeOfPubrelIsMalformed() {
    // 0x92 Packet Identifier not found belongs to PUBREL/PUBCOMP only ([MQTT 5.0] 3.4.2.1)
    assertMalformed(5, bytes(0x40, 0x03, 0x00, 0x2A, 0x92), ReasonCode.MALFORMED_PACKET);
  }

  @Test
  void topicAliasPropertyIsMalformed() {
    // [MQTT 5.0] 2.2.2.2: an identifier not valid for the packet type is a Malformed Packet
    assertMalformed(5, bytes(
        0x40, // type 4, flags 0
        0x07, // remaining length 7
        0x00, 0x2A, // packet identifier 42
        0x00, // reason code success
        0x03, // property length 3
        0x23, 0x00, 0x01), // topic alias 1: PUBLISH only
        ReasonCode.MALFORMED_PACKET);
  }

  @Test
  void repeatedReasonStringIsProtocolError() {
    // [MQTT 5.0] 3.4.2.2.2: reason string more than once is a Protocol Error
    assertMalformed(5, bytes(
        0x40, // type 4, flags 0
        0x0C, // remaining length 12
        0x00, 0x2A, // packet identifier 42
        0x80, // reason code Unspecified error
        0x08, // property length 8
        0x1F, 0x00, 0x01, 'x', // reason string "x"
        0x1F, 0x00, 0x01, 'y'), // reason string "y" again
        ReasonCode.PROTOCOL_ERROR);
  }

  @Test
  void propertyLengthPastTheEndIsMalformed() {
    assertMalformed(5, bytes(
        0x40, // type 4, flags 0
        0x04, // remaining length 4
        0x00, 0x2A, // packet identifier 42
        0x80, // reason code Unspecified error
        0x05), // property length 5, but no bytes follow
        ReasonCode.MALFORMED_PACKET);
  }

  @Test
  void generatorRejectsReasonCodeOfAnotherPacket() {
    assertRejectedByGenerator(5, new PubackPacket(42, 0x92, Properties.EMPTY),
        "not valid in PUBACK");
  }

  @Test
  void generatorRejectsPropertyNotAllowedInPuback() {
    Properties alias = Properties.builder().set(Property.TOPIC_ALIAS, 1).build();
    assertRejectedByGenerator(5, new PubackPacket(42, 0, alias), "topicAlias");
  }

  @Test
  void generatorLeavesReasonCodeOutBeforeMqtt5() {
    assertThat(Generator.toBytes(new PubackPacket(42, 0x10, Properties.EMPTY), 4))
        .isEqualTo(bytes(0x40, 0x02, 0x00, 0x2A));
  }

  @Test
  void messageIdZeroCannotBeBuilt() {
    assertThatThrownBy(() -> new PubackPacket(0)).isInstanceOf(IllegalArgumentException.class);
  }
}
