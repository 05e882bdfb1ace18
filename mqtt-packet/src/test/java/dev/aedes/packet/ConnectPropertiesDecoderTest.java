package dev.aedes.packet;

import static dev.aedes.packet.Fixtures.ascii;
import static dev.aedes.packet.Fixtures.assertFixture;
import static dev.aedes.packet.Fixtures.assertMalformed;
import static dev.aedes.packet.Fixtures.assertRejectedByGenerator;
import static dev.aedes.packet.Fixtures.bytes;
import static dev.aedes.packet.Fixtures.concat;
import static dev.aedes.packet.Fixtures.parseOne;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The MQTT 5 part of CONNECT: CONNECT Properties ([MQTT 5.0] 3.1.2.11) and Will Properties
 * (3.1.3.2). Kept apart from {@link ConnectDecoderTest} only to keep both files short.
 */
class ConnectPropertiesDecoderTest {
  /** Every CONNECT property, in the generator's order (identifier order, user properties last). */
  static final int[] CONNECT_PROPERTIES = {
      0x11, 0x00, 0x00, 0x0E, 0x10, // session expiry interval 3600 (3.1.2.11.2)
      0x15, 0x00, 0x03, 't', 'o', 'k', // authentication method "tok" (3.1.2.11.9)
      0x16, 0x00, 0x02, 0xCA, 0xFE, // authentication data CA FE (3.1.2.11.10)
      0x17, 0x00, // request problem information 0 (3.1.2.11.7)
      0x19, 0x01, // request response information 1 (3.1.2.11.6)
      0x21, 0x00, 0x14, // receive maximum 20 (3.1.2.11.3)
      0x22, 0x00, 0x0A, // topic alias maximum 10 (3.1.2.11.5)
      0x27, 0x00, 0x00, 0x10, 0x00, // maximum packet size 4096 (3.1.2.11.4)
      0x26, 0x00, 0x01, 'a', 0x00, 0x01, '1', // user property a=1 (3.1.2.11.8)
      0x26, 0x00, 0x01, 'a', 0x00, 0x01, '2'}; // user property a=2: same name, order kept

  static Properties connectProperties() {
    return Properties.builder().sessionExpiryInterval(3600).authenticationMethod("tok")
        .authenticationData(bytes(0xCA, 0xFE)).requestProblemInformation(false)
        .requestResponseInformation(true).receiveMaximum(20).topicAliasMaximum(10)
        .maximumPacketSize(4096).userProperty("a", "1").userProperty("a", "2").build();
  }

  @Test
  void everyConnectProperty() {
    int[] connect = concat(new int[] {
        0x10, 0x3E, // type 1; remaining length 62
        0x00, 0x04, 'M', 'Q', 'T', 'T', 0x05, // "MQTT", version 5 (3.1.2.1, 3.1.2.2)
        0x02, // flags: clean start
        0x00, 0x3C, // keep alive 60
        0x2D}, // property length 45 (3.1.2.11.1)
        CONNECT_PROPERTIES,
        new int[] {0x00, 0x04, 't', 's', 't', '5'}); // client identifier "tst5"
    assertFixture(5, ConnectPacket.of(5, "tst5", true, 60).withProperties(connectProperties()),
        bytes(connect));
  }

  @Test
  void propertiesMayArriveInAnyOrder() {
    // [MQTT 5.0] 2.2.2.2 fixes no order; only user properties keep theirs (3.1.2.11.8).
    int[] reversed = {
        0x26, 0x00, 0x01, 'a', 0x00, 0x01, '1', // user property a=1
        0x27, 0x00, 0x00, 0x10, 0x00, // maximum packet size 4096
        0x22, 0x00, 0x0A, // topic alias maximum 10
        0x21, 0x00, 0x14, // receive maximum 20
        0x19, 0x01, // request response information 1
        0x17, 0x00, // request problem information 0
        0x16, 0x00, 0x02, 0xCA, 0xFE, // authentication data
        0x26, 0x00, 0x01, 'a', 0x00, 0x01, '2', // user property a=2
        0x15, 0x00, 0x03, 't', 'o', 'k', // authentication method
        0x11, 0x00, 0x00, 0x0E, 0x10}; // session expiry interval 3600
    Packet parsed = parseOne(5, bytes(v5Connect(reversed)));
    assertThat(parsed).isEqualTo(
        ConnectPacket.of(5, "test", true, 60).withProperties(connectProperties()));
  }

  @Test
  void willWithEveryWillProperty() {
    Properties willProperties = Properties.builder().payloadFormatIndicator(true)
        .messageExpiryInterval(60).contentType("text").responseTopic("r/1")
        .correlationData(bytes(0x01, 0x02)).willDelayInterval(5).userProperty("k", "v").build();
    ConnectPacket connect = ConnectPacket.of(5, "test", true, 60)
        .withWill(new Will("w/t", bytes(ascii("bye")), 1, false, willProperties));
    assertFixture(5, connect, bytes(
        0x10, 0x41, // type 1; remaining length 65
        0x00, 0x04, 'M', 'Q', 'T', 'T', 0x05, // "MQTT", version 5
        0x0E, // flags: will QoS 1 0x08, will 0x04, clean start 0x02
        0x00, 0x3C, // keep alive 60
        0x00, // CONNECT property length 0
        0x00, 0x04, 't', 'e', 's', 't', // client identifier
        0x25, // will property length 37 (3.1.3.2.1)
        0x01, 0x01, // payload format indicator 1: UTF-8 (3.1.3.2.3)
        0x02, 0x00, 0x00, 0x00, 0x3C, // message expiry interval 60 (3.1.3.2.4)
        0x03, 0x00, 0x04, 't', 'e', 'x', 't', // content type "text" (3.1.3.2.5)
        0x08, 0x00, 0x03, 'r', '/', '1', // response topic "r/1" (3.1.3.2.6)
        0x09, 0x00, 0x02, 0x01, 0x02, // correlation data 01 02 (3.1.3.2.7)
        0x18, 0x00, 0x00, 0x00, 0x05, // will delay interval 5 (3.1.3.2.2)
        0x26, 0x00, 0x01, 'k', 0x00, 0x01, 'v', // user property k=v (3.1.3.2.8)
        0x00, 0x03, 'w', '/', 't', // will topic "w/t" (3.1.3.3)
        0x00, 0x03, 'b', 'y', 'e')); // will payload "bye" (3.1.3.4)
  }

  @Test
  void propertyNotAllowedInConnectIsMalformed() {
    // Topic alias (0x23) belongs to PUBLISH only (2.2.2.2, table 2-4).
    assertMalformed(5, bytes(v5Connect(0x23, 0x00, 0x01)), ReasonCode.MALFORMED_PACKET);
  }

  @Test
  void unknownPropertyIdentifierIsMalformed() {
    assertMalformed(5, bytes(v5Connect(0x7F, 0x00)), ReasonCode.MALFORMED_PACKET);
  }

  @Test
  void repeatedSessionExpiryIsProtocolError() {
    // [MQTT 5.0] 3.1.2.11.2: including Session Expiry Interval more than once.
    assertMalformed(5, bytes(v5Connect(
        0x11, 0x00, 0x00, 0x00, 0x01, // session expiry interval 1
        0x11, 0x00, 0x00, 0x00, 0x02)), // session expiry interval again
        ReasonCode.PROTOCOL_ERROR);
  }

  @Test
  void receiveMaximumZeroIsProtocolError() {
    // [MQTT 5.0] 3.1.2.11.3: a Receive Maximum of 0 is a Protocol Error.
    assertMalformed(5, bytes(v5Connect(0x21, 0x00, 0x00)), ReasonCode.PROTOCOL_ERROR);
  }

  @Test
  void maximumPacketSizeZeroIsProtocolError() {
    // [MQTT 5.0] 3.1.2.11.4: a Maximum Packet Size of 0 is a Protocol Error.
    assertMalformed(5, bytes(v5Connect(0x27, 0x00, 0x00, 0x00, 0x00)), ReasonCode.PROTOCOL_ERROR);
  }

  @Test
  void requestProblemInformationTwoIsProtocolError() {
    // [MQTT 5.0] 3.1.2.11.7: a value other than 0 or 1 is a Protocol Error.
    assertMalformed(5, bytes(v5Connect(0x17, 0x02)), ReasonCode.PROTOCOL_ERROR);
  }

  @Test
  void requestResponseInformationTwoIsProtocolError() {
    // [MQTT 5.0] 3.1.2.11.6: a value other than 0 or 1 is a Protocol Error.
    assertMalformed(5, bytes(v5Connect(0x19, 0x02)), ReasonCode.PROTOCOL_ERROR);
  }

  @Test
  void authenticationDataWithoutMethodIsProtocolError() {
    // [MQTT 5.0] 3.1.2.11.10: Authentication Data without an Authentication Method.
    assertMalformed(5, bytes(v5Connect(0x16, 0x00, 0x01, 0xAA)), ReasonCode.PROTOCOL_ERROR);
  }

  @Test
  void propertyLengthBeyondTheBodyIsMalformed() {
    assertMalformed(5, bytes(
        0x10, 0x0E, // remaining length 14
        0x00, 0x04, 'M', 'Q', 'T', 'T', 0x05, // "MQTT", version 5
        0x02, 0x00, 0x3C, // flags clean; keep alive 60
        0x09, // property length 9, but only 3 bytes follow
        0x21, 0x00, 0x14), // receive maximum 20
        ReasonCode.MALFORMED_PACKET);
  }

  @Test
  void connectOnlyPropertyInWillPropertiesIsMalformed() {
    assertMalformed(5, bytes(
        0x10, 0x1E, // remaining length 30
        0x00, 0x04, 'M', 'Q', 'T', 'T', 0x05, // "MQTT", version 5
        0x06, 0x00, 0x3C, // flags will + clean start; keep alive 60
        0x00, // CONNECT property length 0
        0x00, 0x04, 't', 'e', 's', 't', // client identifier
        0x05, // will property length 5
        0x11, 0x00, 0x00, 0x00, 0x01, // session expiry: not a will property (3.1.3.2)
        0x00, 0x01, 'w', // will topic "w"
        0x00, 0x02, 'h', 'i'), // will payload
        ReasonCode.MALFORMED_PACKET);
  }

  @Test
  void willTopicWithWildcardIsRefusedAtMqtt5() {
    assertMalformed(5, bytes(
        0x10, 0x1B, // remaining length 27
        0x00, 0x04, 'M', 'Q', 'T', 'T', 0x05, // "MQTT", version 5
        0x06, 0x00, 0x3C, // flags will + clean start; keep alive 60
        0x00, // CONNECT property length 0
        0x00, 0x04, 't', 'e', 's', 't', // client identifier
        0x00, // will property length 0
        0x00, 0x03, 'w', '/', '#', // will topic "w/#" [MQTT-3.3.2-2]
        0x00, 0x02, 'h', 'i'), // will payload
        ReasonCode.TOPIC_NAME_INVALID);
  }

  @Test
  void generatorRejectsPropertyNotAllowedInConnect() {
    ConnectPacket connect = ConnectPacket.of(5, "c", true, 0)
        .withProperties(Properties.builder().topicAlias(1).build());
    assertRejectedByGenerator(5, connect, "topicAlias is not allowed in CONNECT");
  }

  @Test
  void generatorRejectsPropertyNotAllowedInWill() {
    Properties notForWill = Properties.builder().sessionExpiryInterval(1).build();
    ConnectPacket connect = ConnectPacket.of(5, "c", true, 0)
        .withWill(new Will("w", bytes(), 0, false, notForWill));
    assertRejectedByGenerator(5, connect, "sessionExpiryInterval is not allowed in WILL");
  }

  @Test
  void generatorRejectsAuthenticationDataWithoutMethod() {
    ConnectPacket connect = ConnectPacket.of(5, "c", true, 0)
        .withProperties(Properties.builder().authenticationData(bytes(1)).build());
    assertRejectedByGenerator(5, connect, "authenticationData needs an authenticationMethod");
  }

  /** A v5 CONNECT from client "test", keep alive 60, clean start, with these property bytes. */
  private static int[] v5Connect(int... properties) {
    return concat(new int[] {
        0x10, 17 + properties.length, // type 1; remaining length (properties shorter than 111)
        0x00, 0x04, 'M', 'Q', 'T', 'T', 0x05, // "MQTT", version 5
        0x02, 0x00, 0x3C, // flags: clean start; keep alive 60
        properties.length}, // property length
        properties,
        new int[] {0x00, 0x04, 't', 'e', 's', 't'}); // client identifier "test"
  }
}
