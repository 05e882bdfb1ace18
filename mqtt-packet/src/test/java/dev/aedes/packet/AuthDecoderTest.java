package dev.aedes.packet;

import static dev.aedes.packet.Fixtures.assertFixture;
import static dev.aedes.packet.Fixtures.assertMalformed;
import static dev.aedes.packet.Fixtures.assertRejectedByGenerator;
import static dev.aedes.packet.Fixtures.bytes;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** AUTH ([MQTT 5.0] 3.15), which exists only at level 5. */
class AuthDecoderTest {
  static final int[] METHOD_TOK = {0x15, 0x00, 0x03, 't', 'o', 'k'}; // authentication method

  @Test
  void successWithoutPropertiesIsTwoBytes() {
    // [MQTT 5.0] 3.15.2.1: reason code and property length may be left out for 0x00 success
    // without properties; the Remaining Length is then 0.
    assertFixture(5, new AuthPacket(0, Properties.EMPTY), bytes(
        0xF0, // type 15, flags 0 (3.15.1)
        0x00)); // remaining length 0
  }

  @Test
  void continueAuthenticationWithMethodAndData() {
    Properties properties = Properties.builder().authenticationMethod("tok")
        .authenticationData(bytes(0x01, 0x02)).build();
    assertFixture(5, new AuthPacket(0x18, properties), bytes(
        0xF0, 0x0D, // type 15; remaining length 13
        0x18, // reason code 0x18 continue authentication (3.15.2.1)
        0x0B, // property length 11 (3.15.2.2.1)
        0x15, 0x00, 0x03, 't', 'o', 'k', // authentication method "tok" (3.15.2.2.2)
        0x16, 0x00, 0x02, 0x01, 0x02)); // authentication data 01 02 (3.15.2.2.3)
  }

  @Test
  void reAuthenticateWithReasonStringAndUserProperty() {
    Properties properties = Properties.builder().authenticationMethod("tok").reasonString("ra")
        .userProperty("k", "v").build();
    assertFixture(5, new AuthPacket(0x19, properties), bytes(
        0xF0, 0x14, // type 15; remaining length 20
        0x19, // reason code 0x19 re-authenticate (3.15.2.1)
        0x12, // property length 18
        0x15, 0x00, 0x03, 't', 'o', 'k', // authentication method "tok"
        0x1F, 0x00, 0x02, 'r', 'a', // reason string "ra" (3.15.2.2.4)
        0x26, 0x00, 0x01, 'k', 0x00, 0x01, 'v')); // user property k=v (3.15.2.2.5)
  }

  @Test
  void successWithMethodWritesTheReasonCode() {
    assertFixture(5, new AuthPacket(0, Properties.builder().authenticationMethod("tok").build()),
        bytes(
            0xF0, 0x08, // type 15; remaining length 8
            0x00, // reason code 0x00 success
            0x06, // property length 6
            0x15, 0x00, 0x03, 't', 'o', 'k')); // authentication method "tok"
  }

  @Test
  void reasonCodeWithoutPropertyLengthIsMalformed() {
    // [MQTT 5.0] 3.15.2.2.1: unlike the acks, AUTH omits the Property Length only together
    // with the reason code.
    assertMalformed(5, bytes(0xF0, 0x01, 0x18), ReasonCode.MALFORMED_PACKET);
  }

  @Test
  void reasonCodeAloneIsWrittenWithAnEmptyPropertyLength() {
    assertFixture(5, new AuthPacket(0x18, Properties.EMPTY), bytes(
        0xF0, 0x02, // type 15; remaining length 2
        0x18, // reason code 0x18 continue authentication
        0x00)); // property length 0: required once a reason code is written (3.15.2.2.1)
  }

  @ParameterizedTest(name = "level {0}")
  @ValueSource(ints = {3, 4})
  void authBeforeMqtt5IsAReservedTypeAndMalformed(int version) {
    // [MQTT 3.1.1] 2.2.1: type 15 is reserved before MQTT 5.
    assertMalformed(version, bytes(0xF0, 0x00), ReasonCode.MALFORMED_PACKET);
  }

  @ParameterizedTest(name = "reason {0}")
  @ValueSource(ints = {0x01, 0x04, 0x80, 0x87, 0x8C, 0xFF})
  void reasonCodeNotValidInAuthIsMalformed(int reasonCode) {
    // [MQTT 5.0] 3.15.2.1: only 0x00, 0x18 and 0x19.
    int[] auth = {0xF0, 0x08, reasonCode, 0x06};
    assertMalformed(5, bytes(Fixtures.concat(auth, METHOD_TOK)), ReasonCode.MALFORMED_PACKET);
  }

  @Test
  void reservedFlagsAreMalformed() {
    // [MQTT 5.0] 3.15.1: the fixed header flags are reserved, 0 [MQTT-2.2.2-2].
    assertMalformed(5, bytes(0xF1, 0x00), ReasonCode.MALFORMED_PACKET);
  }

  @Test
  void propertyNotAllowedInAuthIsMalformed() {
    assertMalformed(5, bytes(
        0xF0, 0x07, // remaining length 7
        0x18, // reason code continue
        0x05, // property length 5
        0x11, 0x00, 0x00, 0x00, 0x01), // session expiry interval: not an AUTH property
        ReasonCode.MALFORMED_PACKET);
  }

  @Test
  void repeatedAuthenticationMethodIsProtocolError() {
    // [MQTT 5.0] 3.15.2.2.2: the Authentication Method at most once.
    int[] auth = {0xF0, 0x0E, 0x18, 0x0C};
    assertMalformed(5, bytes(Fixtures.concat(auth, METHOD_TOK, METHOD_TOK)),
        ReasonCode.PROTOCOL_ERROR);
  }

  @ParameterizedTest(name = "level {0}")
  @ValueSource(ints = {3, 4})
  void generatorRejectsAuthBeforeMqtt5(int version) {
    assertRejectedByGenerator(version, new AuthPacket(0, Properties.EMPTY),
        "AUTH exists only in MQTT 5");
  }

  @Test
  void generatorRejectsReasonCodeNotValidInAuth() {
    assertRejectedByGenerator(5, new AuthPacket(0x01, Properties.EMPTY), "not valid in AUTH");
  }

  @Test
  void generatorRejectsPropertyNotAllowedInAuth() {
    Properties session = Properties.builder().sessionExpiryInterval(1).build();
    assertRejectedByGenerator(5, new AuthPacket(0x18, session),
        "sessionExpiryInterval is not allowed in AUTH");
  }
}
