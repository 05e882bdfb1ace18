package dev.aedes.packet;

import static dev.aedes.packet.Fixtures.assertFixture;
import static dev.aedes.packet.Fixtures.assertMalformed;
import static dev.aedes.packet.Fixtures.assertRejectedByGenerator;
import static dev.aedes.packet.Fixtures.bytes;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SUBACK ([MQTT 3.1.1] 3.9, [MQTT 5.0] 3.9): packet id, properties (5), one return code
 * (3.1.1: 0, 1, 2, 0x80) or reason code (5) per subscription.
 */
class SubackDecoderTest {
  @Test
  void grantedQosAtMqtt31() {
    assertFixture(3, new SubackPacket(7, List.of(0, 1, 2)), bytes(
        0x90, // type 9, flags 0
        0x05, // remaining length 5
        0x00, 0x07, // packet identifier 7
        0x00, 0x01, 0x02)); // granted QoS 0, 1, 2
  }

  @Test
  void everyReturnCodeAtMqtt311() {
    assertFixture(4, new SubackPacket(7, List.of(0, 1, 2, 0x80)), bytes(
        0x90, // type 9, flags 0
        0x06, // remaining length 6
        0x00, 0x07, // packet identifier 7
        0x00, // success, maximum QoS 0 [MQTT 3.1.1] 3.9.3
        0x01, // success, maximum QoS 1
        0x02, // success, maximum QoS 2
        0x80)); // failure
  }

  @Test
  void everyReasonCodeAtMqtt5() {
    // [MQTT 5.0] 3.9.3, table 3-8
    List<Integer> codes = List.of(0x00, 0x01, 0x02, 0x80, 0x83, 0x87, 0x8F, 0x91, 0x97, 0x9E,
        0xA1, 0xA2);
    assertFixture(5, new SubackPacket(7, codes), bytes(
        0x90, // type 9, flags 0
        0x0F, // remaining length 15
        0x00, 0x07, // packet identifier 7
        0x00, // property length 0 [MQTT 5.0] 3.9.2.1.1
        0x00, 0x01, 0x02, // granted QoS 0, 1, 2
        0x80, // unspecified error
        0x83, // implementation specific error
        0x87, // not authorized
        0x8F, // topic filter invalid
        0x91, // packet identifier in use
        0x97, // quota exceeded
        0x9E, // shared subscriptions not supported
        0xA1, // subscription identifiers not supported
        0xA2)); // wildcard subscriptions not supported
  }

  @Test
  void reasonStringAndUserProperty() {
    Properties properties = Properties.builder().reasonString("r").userProperty("k", "v").build();
    assertFixture(5, new SubackPacket(7, List.of(0x87), properties), bytes(
        0x90, // type 9, flags 0
        0x0F, // remaining length 15
        0x00, 0x07, // packet identifier 7
        0x0B, // property length 11
        0x1F, 0x00, 0x01, 'r', // reason string "r" [MQTT 5.0] 3.9.2.1.2
        0x26, 0x00, 0x01, 'k', 0x00, 0x01, 'v', // user property k=v [MQTT 5.0] 3.9.2.1.3
        0x87)); // not authorized
  }

  @ParameterizedTest(name = "level {0}")
  @ValueSource(ints = {3, 4})
  void reservedReturnCodeBeforeMqtt5IsMalformed(int version) {
    // [MQTT-3.9.3-2] codes other than 0x00, 0x01, 0x02 and 0x80 are reserved
    assertMalformed(version, bytes(0x90, 0x03, 0x00, 0x07, 0x03), ReasonCode.MALFORMED_PACKET);
  }

  @Test
  void mqtt5ReasonCodeAtMqtt311IsMalformed() {
    assertMalformed(4, bytes(0x90, 0x03, 0x00, 0x07, 0x87), ReasonCode.MALFORMED_PACKET);
  }

  @Test
  void reasonCodeNotMeantForSubackIsMalformed() {
    // 0x04 (Disconnect with Will Message) is not a SUBACK reason code ([MQTT 5.0] 3.9.3)
    assertMalformed(5, bytes(
        0x90, // type 9, flags 0
        0x04, // remaining length 4
        0x00, 0x07, // packet identifier 7
        0x00, // property length 0
        0x04), // not valid in SUBACK
        ReasonCode.MALFORMED_PACKET);
  }

  @ParameterizedTest(name = "level {0}")
  @ValueSource(ints = {3, 4})
  void noReturnCodesBeforeMqtt5IsMalformed(int version) {
    assertMalformed(version, bytes(0x90, 0x02, 0x00, 0x07), ReasonCode.MALFORMED_PACKET);
  }

  @Test
  void noReasonCodesAtMqtt5IsMalformed() {
    assertMalformed(5, bytes(0x90, 0x03, 0x00, 0x07, 0x00), ReasonCode.MALFORMED_PACKET);
  }

  @ParameterizedTest(name = "level {0}")
  @ValueSource(ints = {3, 4, 5})
  void reservedFlagsAreMalformed(int version) {
    // [MQTT-2.2.2-2] SUBACK flags are 0000
    assertMalformed(version, bytes(0x92, 0x03, 0x00, 0x07, 0x00), ReasonCode.MALFORMED_PACKET);
  }

  @ParameterizedTest(name = "level {0}")
  @ValueSource(ints = {3, 4, 5})
  void messageIdZeroIsMalformed(int version) {
    // [MQTT-2.2.1-3]
    assertMalformed(version, bytes(0x90, 0x03, 0x00, 0x00, 0x00), ReasonCode.MALFORMED_PACKET);
  }

  @Test
  void generatorRejectsMqtt5CodeAtMqtt311() {
    assertRejectedByGenerator(4, new SubackPacket(7, List.of(0x87)), "0x87");
  }

  @Test
  void generatorRejectsReservedCodeAtMqtt311() {
    assertRejectedByGenerator(4, new SubackPacket(7, List.of(3)), "0x3");
  }

  @ParameterizedTest(name = "code 0x{0}")
  @ValueSource(ints = {0x03, 0x04, 0x10, 0x92})
  void generatorRejectsCodesNotMeantForSubackAtMqtt5(int code) {
    assertRejectedByGenerator(5, new SubackPacket(7, List.of(code)), "SUBACK code");
  }

  @ParameterizedTest(name = "level {0}")
  @ValueSource(ints = {3, 4, 5})
  void generatorRejectsAnEmptyCodeList(int version) {
    assertRejectedByGenerator(version, new SubackPacket(7, List.of()), "one code per subscription");
  }
}
