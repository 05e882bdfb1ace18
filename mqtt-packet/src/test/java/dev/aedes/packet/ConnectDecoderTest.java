package dev.aedes.packet;

import static dev.aedes.packet.Fixtures.ascii;
import static dev.aedes.packet.Fixtures.assertFixture;
import static dev.aedes.packet.Fixtures.assertMalformed;
import static dev.aedes.packet.Fixtures.assertRejectedByGenerator;
import static dev.aedes.packet.Fixtures.bytes;
import static dev.aedes.packet.Fixtures.concat;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * CONNECT at levels 3 (MQTT 3.1, "MQIsdp"), 4 ([MQTT 3.1.1] 3.1) and 5 ([MQTT 5.0] 3.1), and
 * the malformed variants the parser must refuse. MQTT 5 property fixtures are in
 * {@link ConnectPropertiesDecoderTest}.
 */
class ConnectDecoderTest {
  /** [MQTT 3.1.1] 3.1.2: a clean-session CONNECT from client "test" with keep alive 60. */
  static final int[] MINIMAL_311 = {
      0x10, 0x10, // type 1, flags 0; remaining length 16
      0x00, 0x04, 'M', 'Q', 'T', 'T', // protocol name "MQTT" [MQTT-3.1.2-1]
      0x04, // protocol level 4 [MQTT-3.1.2-2]
      0x02, // connect flags: clean session; reserved bit 0 clear [MQTT-3.1.2-3]
      0x00, 0x3C, // keep alive 60 s (3.1.2.10)
      0x00, 0x04, 't', 'e', 's', 't'}; // client identifier "test" (3.1.3.1)

  /** Index of the connect flags byte in a 3.1.1 / 5.0 CONNECT. */
  static final int FLAGS_AT = 9;

  /** [MQTT 3.1.1] 3.1.3: will QoS 1 + retain, user name and password. */
  static final int[] FULL_311 = {
      0x10, 0x21, // type 1; remaining length 33
      0x00, 0x04, 'M', 'Q', 'T', 'T', // protocol name "MQTT"
      0x04, // protocol level 4
      0xEE, // flags: user name 0x80, password 0x40, will retain 0x20, will QoS 1 0x08,
            // will 0x04, clean session 0x02 (3.1.2.3)
      0x00, 0x3C, // keep alive 60
      0x00, 0x04, 't', 'e', 's', 't', // client identifier "test"
      0x00, 0x03, 'w', '/', 't', // will topic "w/t" (3.1.3.2)
      0x00, 0x03, 'b', 'y', 'e', // will message "bye" (3.1.3.3)
      0x00, 0x01, 'u', // user name "u" (3.1.3.4)
      0x00, 0x02, 0x01, 0x02}; // password 01 02 (3.1.3.5)

  @Test
  void minimalConnectAtMqtt311() {
    assertFixture(4, ConnectPacket.of(4, "test", true, 60), bytes(MINIMAL_311));
  }

  @Test
  void minimalConnectAtMqtt31UsesProtocolNameMQIsdp() {
    // MQTT 3.1 (IBM V3.1 spec, "Variable header"): protocol name "MQIsdp", version 3.
    assertFixture(3, ConnectPacket.of(3, "test", true, 60), bytes(
        0x10, 0x12, // type 1; remaining length 18
        0x00, 0x06, 'M', 'Q', 'I', 's', 'd', 'p', // protocol name "MQIsdp"
        0x03, // protocol version 3
        0x02, // flags: clean session
        0x00, 0x3C, // keep alive 60
        0x00, 0x04, 't', 'e', 's', 't')); // client identifier "test"
  }

  @Test
  void minimalConnectAtMqtt5HasAnEmptyPropertyList() {
    assertFixture(5, ConnectPacket.of(5, "test", false, 0), bytes(
        0x10, 0x11, // type 1; remaining length 17
        0x00, 0x04, 'M', 'Q', 'T', 'T', // protocol name "MQTT" (5.0 3.1.2.1)
        0x05, // protocol version 5 (3.1.2.2)
        0x00, // flags: clean start off
        0x00, 0x00, // keep alive 0: no keep alive mechanism (3.1.2.10)
        0x00, // property length 0 (3.1.2.11.1)
        0x00, 0x04, 't', 'e', 's', 't')); // client identifier "test"
  }

  @Test
  void emptyClientIdentifierIsAllowedByTheCodec() {
    // [MQTT-3.1.3-6]: a server may accept a zero-byte client id; the broker decides.
    assertFixture(4, ConnectPacket.of(4, "", true, 0), bytes(
        0x10, 0x0C, // type 1; remaining length 12
        0x00, 0x04, 'M', 'Q', 'T', 'T', 0x04, // "MQTT", level 4
        0x02, 0x00, 0x00, // flags clean; keep alive 0
        0x00, 0x00)); // client identifier ""
  }

  @Test
  void willUsernameAndPasswordAtMqtt311() {
    ConnectPacket connect = ConnectPacket.of(4, "test", true, 60)
        .withWill(new Will("w/t", bytes(ascii("bye")), 1, true))
        .withCredentials("u", bytes(0x01, 0x02));
    assertFixture(4, connect, bytes(FULL_311));
  }

  @Test
  void willQos2UsernameAndPasswordAtMqtt31() {
    ConnectPacket connect = ConnectPacket.of(3, "test", true, 60)
        .withWill(new Will("w/t", bytes(ascii("bye")), 2, false))
        .withCredentials("u", bytes(0x01, 0x02));
    assertFixture(3, connect, bytes(
        0x10, 0x23, // type 1; remaining length 35
        0x00, 0x06, 'M', 'Q', 'I', 's', 'd', 'p', 0x03, // "MQIsdp", version 3
        0xD6, // flags: user name, password, will QoS 2 (0x10), will, clean
        0x00, 0x3C, // keep alive 60
        0x00, 0x04, 't', 'e', 's', 't', // client identifier
        0x00, 0x03, 'w', '/', 't', // will topic
        0x00, 0x03, 'b', 'y', 'e', // will message
        0x00, 0x01, 'u', // user name
        0x00, 0x02, 0x01, 0x02)); // password
  }

  @Test
  void passwordWithoutUsernameIsAllowedInMqtt5() {
    // [MQTT 5.0] 3.1.2.9: the 3.1.1 rule [MQTT-3.1.2-22] was dropped.
    ConnectPacket connect = ConnectPacket.of(5, "c", true, 10).withCredentials(null, bytes('p'));
    assertFixture(5, connect, bytes(
        0x10, 0x11, // type 1; remaining length 17
        0x00, 0x04, 'M', 'Q', 'T', 'T', 0x05, // "MQTT", version 5
        0x42, // flags: password 0x40, clean start 0x02
        0x00, 0x0A, // keep alive 10
        0x00, // property length 0
        0x00, 0x01, 'c', // client identifier "c"
        0x00, 0x01, 'p')); // password "p"
  }

  @Test
  void reservedConnectFlagIsMalformed() {
    int[] connect = MINIMAL_311.clone();
    connect[FLAGS_AT] = 0x03; // clean + reserved bit 0 [MQTT-3.1.2-3]
    assertMalformed(4, bytes(connect), ReasonCode.MALFORMED_PACKET);
  }

  @Test
  void willQos3IsMalformed() {
    int[] connect = FULL_311.clone();
    connect[FLAGS_AT] = 0xFE; // will QoS bits 11 [MQTT-3.1.2-14]
    assertMalformed(4, bytes(connect), ReasonCode.MALFORMED_PACKET);
  }

  @ParameterizedTest(name = "flags {0}")
  @ValueSource(ints = {0x0A, 0x12, 0x22})
  void willQosOrRetainWithoutWillFlagIsMalformed(int flags) {
    // [MQTT-3.1.2-13] will QoS 0 and [MQTT-3.1.2-15] will retain 0 when the will flag is 0.
    int[] connect = MINIMAL_311.clone();
    connect[FLAGS_AT] = flags;
    assertMalformed(4, bytes(connect), ReasonCode.MALFORMED_PACKET);
  }

  @Test
  void passwordWithoutUsernameIsMalformedAtMqtt311() {
    assertMalformed(4, bytes(
        0x10, 0x13, // remaining length 19
        0x00, 0x04, 'M', 'Q', 'T', 'T', 0x04, // "MQTT", level 4
        0x42, // flags: password without user name [MQTT-3.1.2-22]
        0x00, 0x3C, // keep alive
        0x00, 0x04, 't', 'e', 's', 't', // client identifier
        0x00, 0x01, 'p'), // password "p"
        ReasonCode.MALFORMED_PACKET);
  }

  @Test
  void unknownProtocolNameClosesWithoutConnack() {
    int[] connect = MINIMAL_311.clone();
    connect[7] = 'X'; // "MQTX" [MQTT-3.1.2-1]: close the connection, no CONNACK
    PacketException e = assertMalformed(4, bytes(connect), ReasonCode.UNSUPPORTED_PROTOCOL_VERSION);
    assertThat(e.connackReturnCode()).isEqualTo(-1);
  }

  @ParameterizedTest(name = "level {0}")
  @ValueSource(ints = {0, 3, 6, 0x84})
  void unsupportedLevelForMqttIsAnsweredWithReturnCode1(int level) {
    int[] connect = MINIMAL_311.clone();
    connect[8] = level; // [MQTT-3.1.2-2]: CONNACK return code 0x01, then close
    PacketException e = assertMalformed(4, bytes(connect), ReasonCode.UNSUPPORTED_PROTOCOL_VERSION);
    assertThat(e.connackReturnCode()).isEqualTo(1);
  }

  @Test
  void mqIsdpWithLevel4IsAnsweredWithReturnCode1() {
    PacketException e = assertMalformed(3, bytes(
        0x10, 0x12, // remaining length 18
        0x00, 0x06, 'M', 'Q', 'I', 's', 'd', 'p', // "MQIsdp" belongs to level 3 only
        0x04, // level 4
        0x02, 0x00, 0x3C, // flags, keep alive
        0x00, 0x04, 't', 'e', 's', 't'), // client identifier
        ReasonCode.UNSUPPORTED_PROTOCOL_VERSION);
    assertThat(e.connackReturnCode()).isEqualTo(1);
  }

  @ParameterizedTest(name = "cut to {0} body bytes")
  @ValueSource(ints = {0, 1, 5, 6, 7, 9, 10, 13})
  void truncatedBodyIsMalformed(int bodyLength) {
    // The remaining length is honest, but the body ends inside a field (1.5.4, 3.1.2).
    int[] connect = new int[2 + bodyLength];
    System.arraycopy(MINIMAL_311, 0, connect, 0, connect.length);
    connect[1] = bodyLength;
    assertMalformed(4, bytes(connect), ReasonCode.MALFORMED_PACKET);
  }

  @Test
  void trailingBytesAfterThePayloadAreMalformed() {
    int[] connect = concat(MINIMAL_311, new int[] {0x00}); // one byte no flag announces
    connect[1] = 0x11; // remaining length 17
    assertMalformed(4, bytes(connect), ReasonCode.MALFORMED_PACKET);
  }

  @ParameterizedTest(name = "client id bytes {0}")
  @ValueSource(strings = {
      "C3 28", // 2-byte sequence with a bad continuation byte [MQTT-1.5.4-1]
      "C0 AF", // overlong encoding of '/' [MQTT-1.5.4-1]
      "ED A0 80", // encoded surrogate U+D800 [MQTT-1.5.4-1]
      "00", // U+0000 [MQTT-1.5.4-2]
      "61 00 62", // U+0000 inside an ASCII string [MQTT-1.5.4-2]
      "F8 88 80 80 80"}) // 5-byte form, not UTF-8
  void invalidUtf8InClientIdentifierIsMalformed(String hex) {
    String[] parts = hex.split(" ");
    int[] id = new int[parts.length];
    for (int i = 0; i < parts.length; i++) {
      id[i] = Integer.parseInt(parts[i], 16);
    }
    int[] connect = concat(new int[] {
        0x10, 12 + id.length, // type 1; remaining length
        0x00, 0x04, 'M', 'Q', 'T', 'T', 0x04, // "MQTT", level 4
        0x02, 0x00, 0x3C, // flags clean; keep alive 60
        0x00, id.length}, // client identifier length
        id); // client identifier bytes
    assertMalformed(4, bytes(connect), ReasonCode.MALFORMED_PACKET);
  }

  @ParameterizedTest(name = "will topic {0}")
  @ValueSource(strings = {"w/+", "w/#"})
  void willTopicWithWildcardIsRefused(String topic) {
    int[] connect = FULL_311.clone();
    connect[22] = topic.charAt(2); // will topic "w/+" or "w/#" [MQTT-3.3.2-2], 4.7.1
    assertMalformed(4, bytes(connect), ReasonCode.TOPIC_NAME_INVALID);
  }

  @Test
  void emptyWillTopicIsMalformed() {
    assertMalformed(4, bytes(
        0x10, 0x16, // remaining length 22
        0x00, 0x04, 'M', 'Q', 'T', 'T', 0x04, // "MQTT", level 4
        0x06, 0x00, 0x3C, // flags will + clean; keep alive 60
        0x00, 0x04, 't', 'e', 's', 't', // client identifier
        0x00, 0x00, // will topic "" [MQTT-4.7.3-1]
        0x00, 0x02, 'h', 'i'), // will message
        ReasonCode.MALFORMED_PACKET);
  }

  @Test
  void generatorRejectsPasswordWithoutUsernameBeforeMqtt5() {
    ConnectPacket connect = ConnectPacket.of(4, "test", true, 60).withCredentials(null, bytes(1));
    assertRejectedByGenerator(4, connect, "password needs a username");
  }

  @Test
  void generatorRejectsProtocolNameThatDoesNotMatchTheLevel() {
    ConnectPacket mqttAt3 = new ConnectPacket("MQTT", 3, true, 0, "c", null, null, null, null);
    assertRejectedByGenerator(3, mqttAt3, "does not match");
    ConnectPacket mqIsdpAt4 = new ConnectPacket("MQIsdp", 4, true, 0, "c", null, null, null, null);
    assertRejectedByGenerator(4, mqIsdpAt4, "does not match");
  }

  @Test
  void generatorRejectsUnsupportedLevel() {
    ConnectPacket connect = new ConnectPacket("MQTT", 6, true, 0, "c", null, null, null, null);
    assertRejectedByGenerator(5, connect, "unsupported protocolVersion 6");
  }

  @Test
  void generatorRejectsNulInClientIdentifier() {
    assertRejectedByGenerator(4, ConnectPacket.of(4, "a\u0000b", true, 0), "U+0000");
  }

  @Test
  void generatorRejectsWildcardInWillTopic() {
    ConnectPacket connect = ConnectPacket.of(4, "c", true, 0)
        .withWill(new Will("w/#", bytes(), 0, false));
    assertRejectedByGenerator(4, connect, "wildcard");
  }
}
