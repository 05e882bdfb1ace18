package dev.aedes.packet;

import static dev.aedes.packet.Fixtures.assertFixture;
import static dev.aedes.packet.Fixtures.assertMalformed;
import static dev.aedes.packet.Fixtures.assertRejectedByGenerator;
import static dev.aedes.packet.Fixtures.bytes;
import static dev.aedes.packet.Fixtures.parseOne;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * UNSUBACK ([MQTT 3.1.1] 3.11, [MQTT 5.0] 3.11): packet id only before MQTT 5 ({@code granted}
 * empty); MQTT 5 adds properties and one reason code per topic filter.
 */
class UnsubackDecoderTest {
  @ParameterizedTest(name = "level {0}")
  @ValueSource(ints = {3, 4})
  void unsubackIsFourBytesBeforeMqtt5(int version) {
    assertFixture(version, new UnsubackPacket(5), bytes(
        0xB0, // type 11, flags 0 [MQTT 3.1.1] 3.11.1
        0x02, // remaining length 2
        0x00, 0x05)); // packet identifier 5 [MQTT 3.1.1] 3.11.2
    assertThat(((UnsubackPacket) parseOne(version, bytes(0xB0, 0x02, 0x00, 0x05))).granted())
        .isEmpty();
  }

  @Test
  void oneReasonCodeWithoutProperties() {
    assertFixture(5, new UnsubackPacket(5, List.of(0x00), Properties.EMPTY), bytes(
        0xB0, // type 11, flags 0
        0x04, // remaining length 4
        0x00, 0x05, // packet identifier 5
        0x00, // property length 0 [MQTT 5.0] 3.11.2.1.1
        0x00)); // success [MQTT 5.0] 3.11.3
  }

  @Test
  void reasonCodesWithReasonString() {
    Properties properties = Properties.builder().reasonString("r").build();
    assertFixture(5, new UnsubackPacket(5, List.of(0x00, 0x11, 0x87, 0x8F), properties), bytes(
        0xB0, // type 11, flags 0
        0x0B, // remaining length 11
        0x00, 0x05, // packet identifier 5
        0x04, // property length 4
        0x1F, 0x00, 0x01, 'r', // reason string "r" [MQTT 5.0] 3.11.2.1.2
        0x00, // success
        0x11, // no subscription existed
        0x87, // not authorized
        0x8F)); // topic filter invalid
  }

  @Test
  void remainingReasonCodesWithUserProperty() {
    Properties properties = Properties.builder().userProperty("k", "v").build();
    assertFixture(5, new UnsubackPacket(5, List.of(0x80, 0x83, 0x91), properties), bytes(
        0xB0, // type 11, flags 0
        0x0D, // remaining length 13
        0x00, 0x05, // packet identifier 5
        0x07, // property length 7
        0x26, 0x00, 0x01, 'k', 0x00, 0x01, 'v', // user property k=v [MQTT 5.0] 3.11.2.1.3
        0x80, // unspecified error
        0x83, // implementation specific error
        0x91)); // packet identifier in use
  }

  @Test
  void noReasonCodesAtMqtt5IsMalformed() {
    // [MQTT 5.0] 3.11.3: one reason code per topic filter of the UNSUBSCRIBE
    assertMalformed(5, bytes(
        0xB0, // type 11, flags 0
        0x03, // remaining length 3
        0x00, 0x05, // packet identifier 5
        0x00), // property length 0, then no reason codes
        ReasonCode.MALFORMED_PACKET);
  }

  @Test
  void missingPropertyLengthAtMqtt5IsMalformed() {
    // the 3.1.1 form is not valid at 5: the property length is not optional in UNSUBACK
    assertMalformed(5, bytes(0xB0, 0x02, 0x00, 0x05), ReasonCode.MALFORMED_PACKET);
  }

  @Test
  void grantedQos1IsNotAnUnsubackCode() {
    // 0x01 is a SUBACK code, not in [MQTT 5.0] 3.11.3 table 3-9
    assertMalformed(5, bytes(0xB0, 0x04, 0x00, 0x05, 0x00, 0x01), ReasonCode.MALFORMED_PACKET);
  }

  @ParameterizedTest(name = "level {0}")
  @ValueSource(ints = {3, 4})
  void bodyLongerThanTwoBeforeMqtt5IsMalformed(int version) {
    // [MQTT 3.1.1] 3.11.1: remaining length is exactly 2
    assertMalformed(version, bytes(0xB0, 0x03, 0x00, 0x05, 0x00), ReasonCode.MALFORMED_PACKET);
  }

  @ParameterizedTest(name = "level {0}")
  @ValueSource(ints = {3, 4, 5})
  void reservedFlagsAreMalformed(int version) {
    // [MQTT-2.2.2-2] UNSUBACK flags are 0000
    assertMalformed(version, bytes(0xB2, 0x02, 0x00, 0x05), ReasonCode.MALFORMED_PACKET);
  }

  @ParameterizedTest(name = "level {0}")
  @ValueSource(ints = {3, 4, 5})
  void messageIdZeroIsMalformed(int version) {
    // [MQTT-2.2.1-3]
    assertMalformed(version, bytes(0xB0, 0x02, 0x00, 0x00), ReasonCode.MALFORMED_PACKET);
  }

  @Test
  void generatorLeavesReasonCodesOutBeforeMqtt5() {
    UnsubackPacket packet = new UnsubackPacket(5, List.of(0x11), Properties.EMPTY);
    assertThat(Generator.toBytes(packet, 4)).isEqualTo(bytes(0xB0, 0x02, 0x00, 0x05));
  }

  @Test
  void generatorRejectsEmptyCodeListAtMqtt5() {
    assertRejectedByGenerator(5, new UnsubackPacket(5), "one reason code per filter");
  }

  @Test
  void generatorRejectsCodeNotMeantForUnsuback() {
    assertRejectedByGenerator(5, new UnsubackPacket(5, List.of(0x01), Properties.EMPTY),
        "UNSUBACK code 0x1");
  }
}
