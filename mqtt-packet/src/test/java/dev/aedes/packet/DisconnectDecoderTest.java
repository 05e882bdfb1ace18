package dev.aedes.packet;

import static dev.aedes.packet.Fixtures.assertFixture;
import static dev.aedes.packet.Fixtures.assertMalformed;
import static dev.aedes.packet.Fixtures.assertRejectedByGenerator;
import static dev.aedes.packet.Fixtures.bytes;
import static dev.aedes.packet.Fixtures.parseOne;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** DISCONNECT ([MQTT 3.1.1] 3.14, [MQTT 5.0] 3.14) at levels 3, 4 and 5. */
class DisconnectDecoderTest {
  @ParameterizedTest(name = "level {0}")
  @ValueSource(ints = {3, 4, 5})
  void normalDisconnectIsTwoBytes(int version) {
    // 3.1.1: no variable header, no payload. 5.0 3.14.2.1: reason code and property length may
    // be left out for 0x00 normal disconnection without properties.
    assertFixture(version, DisconnectPacket.NORMAL, bytes(
        0xE0, // type 14, flags 0 (3.14.1)
        0x00)); // remaining length 0
  }

  @ParameterizedTest(name = "reason {0}")
  @ValueSource(ints = {0x04, 0x80, 0x8E, 0x93, 0xA2})
  void reasonCodeWithoutPropertiesAtMqtt5(int reasonCode) {
    // [MQTT 5.0] 3.14.2.2.1: with a Remaining Length below 2 the property length is 0.
    assertFixture(5, new DisconnectPacket(reasonCode), bytes(
        0xE0, // type 14
        0x01, // remaining length 1
        reasonCode)); // a reason code of table 3-10 (3.14.2.1)
  }

  @Test
  void reasonCodeWithEveryDisconnectPropertyAtMqtt5() {
    Properties properties = Properties.builder().sessionExpiryInterval(10).serverReference("s2")
        .reasonString("move").userProperty("a", "b").build();
    assertFixture(5, new DisconnectPacket(0x9C, properties), bytes(
        0xE0, 0x1A, // type 14; remaining length 26
        0x9C, // reason code 0x9C use another server
        0x18, // property length 24 (3.14.2.2.1)
        0x11, 0x00, 0x00, 0x00, 0x0A, // session expiry interval 10 (3.14.2.2.2)
        0x1C, 0x00, 0x02, 's', '2', // server reference "s2" (3.14.2.2.5)
        0x1F, 0x00, 0x04, 'm', 'o', 'v', 'e', // reason string "move" (3.14.2.2.3)
        0x26, 0x00, 0x01, 'a', 0x00, 0x01, 'b')); // user property a=b (3.14.2.2.4)
  }

  @Test
  void normalDisconnectWithPropertiesWritesTheReasonCode() {
    Properties properties = Properties.builder().reasonString("x").build();
    assertFixture(5, new DisconnectPacket(0, properties), bytes(
        0xE0, 0x06, // type 14; remaining length 6
        0x00, // reason code 0x00: needed because properties follow
        0x04, // property length 4
        0x1F, 0x00, 0x01, 'x')); // reason string "x"
  }

  @Test
  void longerFormsOfANormalDisconnectParseTheSame() {
    // Senders may write the reason code, or reason code and empty property list (3.14.2).
    assertThat(parseOne(5, bytes(0xE0, 0x01, 0x00))).isEqualTo(DisconnectPacket.NORMAL);
    assertThat(parseOne(5, bytes(0xE0, 0x02, 0x00, 0x00))).isEqualTo(DisconnectPacket.NORMAL);
    assertThat(parseOne(5, bytes(0xE0, 0x02, 0x04, 0x00))).isEqualTo(new DisconnectPacket(4));
  }

  @ParameterizedTest(name = "level {0}")
  @ValueSource(ints = {3, 4, 5})
  void reservedFlagsAreMalformed(int version) {
    for (int flags = 1; flags <= 0x0F; flags++) {
      // [MQTT-3.14.1-1] the fixed header flags are reserved, 0.
      assertMalformed(version, bytes(0xE0 | flags, 0x00), ReasonCode.MALFORMED_PACKET);
    }
  }

  @ParameterizedTest(name = "level {0}")
  @ValueSource(ints = {3, 4})
  void bodyBeforeMqtt5IsMalformed(int version) {
    // [MQTT 3.1.1] 3.14.2, 3.14.3: no variable header and no payload.
    assertMalformed(version, bytes(0xE0, 0x01, 0x00), ReasonCode.MALFORMED_PACKET);
  }

  @ParameterizedTest(name = "reason {0}")
  @ValueSource(ints = {0x01, 0x02, 0x10, 0x11, 0x18, 0x19, 0x84, 0x85, 0x86, 0x88, 0x91, 0xFF})
  void reasonCodeNotValidInDisconnectIsMalformed(int reasonCode) {
    // [MQTT 5.0] 3.14.2.1: only the codes of table 3-10.
    assertMalformed(5, bytes(0xE0, 0x01, reasonCode), ReasonCode.MALFORMED_PACKET);
  }

  @Test
  void propertyNotAllowedInDisconnectIsMalformed() {
    assertMalformed(5, bytes(
        0xE0, 0x05, // remaining length 5
        0x00, // reason code normal
        0x03, // property length 3
        0x23, 0x00, 0x01), // topic alias: PUBLISH only (2.2.2.2)
        ReasonCode.MALFORMED_PACKET);
  }

  @Test
  void repeatedReasonStringIsProtocolError() {
    // [MQTT 5.0] 3.14.2.2.3: the Reason String at most once.
    assertMalformed(5, bytes(
        0xE0, 0x0A, // remaining length 10
        0x00, 0x08, // reason code; property length 8
        0x1F, 0x00, 0x01, 'x', // reason string "x"
        0x1F, 0x00, 0x01, 'y'), // reason string "y"
        ReasonCode.PROTOCOL_ERROR);
  }

  @Test
  void propertyLengthBeyondTheBodyIsMalformed() {
    assertMalformed(5, bytes(0xE0, 0x03, 0x00, 0x05, 0x11), ReasonCode.MALFORMED_PACKET);
  }

  @Test
  void reasonCodeAndPropertiesAreLeftOutBelowMqtt5() {
    Properties properties = Properties.builder().reasonString("x").build();
    assertThat(Generator.toBytes(new DisconnectPacket(0x04, properties), 4))
        .isEqualTo(bytes(0xE0, 0x00));
  }

  @Test
  void generatorRejectsReasonCodeNotValidInDisconnect() {
    assertRejectedByGenerator(5, new DisconnectPacket(0x01), "not valid in DISCONNECT");
  }

  @Test
  void generatorRejectsPropertyNotAllowedInDisconnect() {
    Properties alias = Properties.builder().topicAlias(1).build();
    assertRejectedByGenerator(5, new DisconnectPacket(0, alias),
        "topicAlias is not allowed in DISCONNECT");
  }
}
