package dev.aedes.packet;

import static dev.aedes.packet.Fixtures.assertFixture;
import static dev.aedes.packet.Fixtures.assertMalformed;
import static dev.aedes.packet.Fixtures.assertRejectedByGenerator;
import static dev.aedes.packet.Fixtures.bytes;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** CONNACK ([MQTT 3.1.1] 3.2, [MQTT 5.0] 3.2) at levels 3, 4 and 5. */
class ConnackDecoderTest {
  @ParameterizedTest(name = "level {0}")
  @ValueSource(ints = {3, 4})
  void acceptedWithoutSessionPresent(int version) {
    assertFixture(version, new ConnackPacket(false, 0), bytes(
        0x20, 0x02, // type 2, flags 0; remaining length 2 (3.2.1)
        0x00, // connect acknowledge flags: session present 0 (3.2.2.1)
        0x00)); // return code 0: connection accepted (3.2.2.3)
  }

  @ParameterizedTest(name = "level {0}")
  @ValueSource(ints = {3, 4})
  void acceptedWithSessionPresent(int version) {
    assertFixture(version, new ConnackPacket(true, 0), bytes(
        0x20, 0x02, // type 2; remaining length 2
        0x01, // session present 1 [MQTT-3.2.2-2]
        0x00)); // return code 0
  }

  @ParameterizedTest(name = "level {0}, return code {1}")
  @CsvSource({"3,1", "3,2", "3,3", "3,4", "3,5", "4,1", "4,2", "4,3", "4,4", "4,5"})
  void refusedWithEachReturnCode(int version, int returnCode) {
    // [MQTT 3.1.1] table 3.1: 1 bad protocol version, 2 identifier rejected, 3 server
    // unavailable, 4 bad user name or password, 5 not authorized.
    assertFixture(version, new ConnackPacket(false, returnCode), bytes(
        0x20, 0x02, // type 2; remaining length 2
        0x00, // session present 0 for a refusal [MQTT-3.2.2-4]
        returnCode)); // return code 1..5
  }

  @Test
  void acceptedAtMqtt5HasAnEmptyPropertyList() {
    assertFixture(5, new ConnackPacket(false, 0), bytes(
        0x20, 0x03, // type 2; remaining length 3
        0x00, // session present 0 (3.2.2.1.1)
        0x00, // reason code 0x00 success (3.2.2.2)
        0x00)); // property length 0 (3.2.2.3.1)
  }

  @Test
  void everyConnackPropertyAtMqtt5() {
    Properties properties = Properties.builder().sessionExpiryInterval(120)
        .assignedClientIdentifier("abc").serverKeepAlive(30).authenticationMethod("tok")
        .authenticationData(bytes(0xFF)).responseInformation("ri").serverReference("s2")
        .reasonString("ok").receiveMaximum(10).topicAliasMaximum(5).maximumQoS(1)
        .retainAvailable(false).maximumPacketSize(65536).wildcardSubscriptionAvailable(true)
        .subscriptionIdentifiersAvailable(false).sharedSubscriptionAvailable(true)
        .userProperty("n", "v").build();
    assertFixture(5, new ConnackPacket(true, 0, properties), bytes(
        0x20, 0x46, // type 2; remaining length 70
        0x01, // session present 1
        0x00, // reason code success
        0x43, // property length 67
        0x11, 0x00, 0x00, 0x00, 0x78, // session expiry interval 120 (3.2.2.3.2)
        0x12, 0x00, 0x03, 'a', 'b', 'c', // assigned client identifier "abc" (3.2.2.3.7)
        0x13, 0x00, 0x1E, // server keep alive 30 (3.2.2.3.14)
        0x15, 0x00, 0x03, 't', 'o', 'k', // authentication method "tok" (3.2.2.3.17)
        0x16, 0x00, 0x01, 0xFF, // authentication data FF (3.2.2.3.18)
        0x1A, 0x00, 0x02, 'r', 'i', // response information "ri" (3.2.2.3.15)
        0x1C, 0x00, 0x02, 's', '2', // server reference "s2" (3.2.2.3.16)
        0x1F, 0x00, 0x02, 'o', 'k', // reason string "ok" (3.2.2.3.9)
        0x21, 0x00, 0x0A, // receive maximum 10 (3.2.2.3.3)
        0x22, 0x00, 0x05, // topic alias maximum 5 (3.2.2.3.8)
        0x24, 0x01, // maximum QoS 1 (3.2.2.3.4)
        0x25, 0x00, // retain available 0 (3.2.2.3.5)
        0x27, 0x00, 0x01, 0x00, 0x00, // maximum packet size 65536 (3.2.2.3.6)
        0x28, 0x01, // wildcard subscription available 1 (3.2.2.3.11)
        0x29, 0x00, // subscription identifiers available 0 (3.2.2.3.12)
        0x2A, 0x01, // shared subscription available 1 (3.2.2.3.13)
        0x26, 0x00, 0x01, 'n', 0x00, 0x01, 'v')); // user property n=v (3.2.2.3.10)
  }

  @Test
  void refusalWithReasonStringAtMqtt5() {
    Properties properties = Properties.builder().reasonString("no").userProperty("a", "b")
        .userProperty("a", "c").build();
    assertFixture(5, new ConnackPacket(false, 0x87, properties), bytes(
        0x20, 0x16, // type 2; remaining length 22
        0x00, // session present 0 [MQTT-3.2.2-6]
        0x87, // reason code 0x87 not authorized (3.2.2.2)
        0x13, // property length 19
        0x1F, 0x00, 0x02, 'n', 'o', // reason string "no"
        0x26, 0x00, 0x01, 'a', 0x00, 0x01, 'b', // user property a=b
        0x26, 0x00, 0x01, 'a', 0x00, 0x01, 'c')); // user property a=c, order kept
  }

  @ParameterizedTest(name = "reason {0}")
  @ValueSource(ints = {0x80, 0x81, 0x82, 0x84, 0x85, 0x86, 0x88, 0x8A, 0x95, 0x9C, 0x9F})
  void refusalReasonCodesAtMqtt5(int reasonCode) {
    assertFixture(5, new ConnackPacket(false, reasonCode), bytes(
        0x20, 0x03, // type 2; remaining length 3
        0x00, // session present 0
        reasonCode, // a CONNACK reason code of table 3.1 (3.2.2.2)
        0x00)); // property length 0
  }

  @ParameterizedTest(name = "level {0}, flags {1}")
  @CsvSource({"3,2", "4,2", "4,128", "4,255", "5,2", "5,254"})
  void reservedAcknowledgeFlagsAreMalformed(int version, int ackFlags) {
    // [MQTT-3.2.2-1] bits 7..1 of the acknowledge flags are reserved, 0.
    byte[] connack = version == 5
        ? bytes(0x20, 0x03, ackFlags, 0x00, 0x00) // flags, success, no properties
        : bytes(0x20, 0x02, ackFlags, 0x00); // flags, accepted
    assertMalformed(version, connack, ReasonCode.MALFORMED_PACKET);
  }

  @ParameterizedTest(name = "return code {0}")
  @ValueSource(ints = {6, 0x80, 0xFF})
  void returnCodeAbove5IsMalformedAtMqtt311(int returnCode) {
    // [MQTT 3.1.1] 3.2.2.3: 6..255 are reserved.
    assertMalformed(4, bytes(0x20, 0x02, 0x00, returnCode), ReasonCode.MALFORMED_PACKET);
  }

  @ParameterizedTest(name = "reason {0}")
  @ValueSource(ints = {0x01, 0x04, 0x10, 0x18, 0x8B, 0x8E})
  void reasonCodeNotValidInConnackIsMalformedAtMqtt5(int reasonCode) {
    // [MQTT 5.0] 3.2.2.2: only the codes of table 3-1 may appear.
    assertMalformed(5, bytes(0x20, 0x03, 0x00, reasonCode, 0x00), ReasonCode.MALFORMED_PACKET);
  }

  @ParameterizedTest(name = "level {0}")
  @ValueSource(ints = {3, 4})
  void sessionPresentWithRefusalIsMalformed(int version) {
    // [MQTT-3.2.2-4] a non-zero return code goes with session present 0.
    assertMalformed(version, bytes(0x20, 0x02, 0x01, 0x05), ReasonCode.MALFORMED_PACKET);
  }

  @Test
  void sessionPresentWithRefusalIsMalformedAtMqtt5() {
    // [MQTT-3.2.2-6] a reason code of 0x80 or more goes with session present 0.
    assertMalformed(5, bytes(0x20, 0x03, 0x01, 0x80, 0x00), ReasonCode.MALFORMED_PACKET);
  }

  @Test
  void propertiesAtMqtt311AreTrailingBytes() {
    assertMalformed(4, bytes(0x20, 0x03, 0x00, 0x00, 0x00), ReasonCode.MALFORMED_PACKET);
  }

  @Test
  void missingReturnCodeIsMalformed() {
    assertMalformed(4, bytes(0x20, 0x01, 0x00), ReasonCode.MALFORMED_PACKET);
  }

  @Test
  void propertyNotAllowedInConnackIsMalformed() {
    assertMalformed(5, bytes(
        0x20, 0x06, // remaining length 6
        0x00, 0x00, // session present 0; success
        0x03, // property length 3
        0x23, 0x00, 0x01), // topic alias: PUBLISH only (2.2.2.2)
        ReasonCode.MALFORMED_PACKET);
  }

  @Test
  void maximumQos2IsProtocolError() {
    // [MQTT 5.0] 3.2.2.3.4: Maximum QoS is 0 or 1; 2 is expressed by leaving it out.
    assertMalformed(5, bytes(0x20, 0x05, 0x00, 0x00, 0x02, 0x24, 0x02),
        ReasonCode.PROTOCOL_ERROR);
  }

  @Test
  void generatorRejectsReturnCode6AtMqtt311() {
    assertRejectedByGenerator(4, new ConnackPacket(false, 6), "return code must be 0..5");
  }

  @Test
  void generatorRejectsReasonCodeNotValidInConnack() {
    assertRejectedByGenerator(5, new ConnackPacket(false, 0x04), "not valid in CONNACK");
  }

  @Test
  void generatorRejectsSessionPresentWithRefusal() {
    assertRejectedByGenerator(4, new ConnackPacket(true, 5), "sessionPresent");
    assertRejectedByGenerator(5, new ConnackPacket(true, 0x87), "sessionPresent");
  }

  @Test
  void generatorRejectsPropertyNotAllowedInConnack() {
    Properties properties = Properties.builder().topicAlias(1).build();
    assertRejectedByGenerator(5, new ConnackPacket(false, 0, properties),
        "topicAlias is not allowed in CONNACK");
  }
}
