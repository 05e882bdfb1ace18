package dev.aedes.packet;

import static dev.aedes.packet.Fixtures.assertFixture;
import static dev.aedes.packet.Fixtures.assertMalformed;
import static dev.aedes.packet.Fixtures.bytes;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * UNSUBSCRIBE ([MQTT 3.1.1] 3.10, [MQTT 5.0] 3.10): flags 0010, packet id, properties (5),
 * one or more topic filters ([MQTT-3.10.3-2]).
 */
class UnsubscribeDecoderTest {
  @ParameterizedTest(name = "level {0}")
  @ValueSource(ints = {3, 4})
  void oneFilterBeforeMqtt5(int version) {
    assertFixture(version, new UnsubscribePacket(3, List.of("a/b")), bytes(
        0xA2, // type 10, flags 0010 [MQTT-3.10.1-1]
        0x07, // remaining length 7
        0x00, 0x03, // packet identifier 3
        0x00, 0x03, 'a', '/', 'b')); // topic filter "a/b" [MQTT 3.1.1] 3.10.3
  }

  @ParameterizedTest(name = "level {0}")
  @ValueSource(ints = {3, 4})
  void severalFiltersBeforeMqtt5(int version) {
    assertFixture(version, new UnsubscribePacket(3, List.of("a", "b/#", "+")), bytes(
        0xA2, // type 10, flags 0010
        0x0D, // remaining length 13
        0x00, 0x03, // packet identifier 3
        0x00, 0x01, 'a', // topic filter "a"
        0x00, 0x03, 'b', '/', '#', // topic filter "b/#"
        0x00, 0x01, '+')); // topic filter "+"
  }

  @Test
  void oneFilterAtMqtt5() {
    assertFixture(5, new UnsubscribePacket(3, List.of("a/b")), bytes(
        0xA2, // type 10, flags 0010
        0x08, // remaining length 8
        0x00, 0x03, // packet identifier 3
        0x00, // property length 0 [MQTT 5.0] 3.10.2.1.1
        0x00, 0x03, 'a', '/', 'b')); // topic filter "a/b"
  }

  @Test
  void userPropertiesAndSeveralFiltersAtMqtt5() {
    Properties properties = Properties.builder().userProperty("k", "v")
        .userProperty("k2", "").build();
    assertFixture(5, new UnsubscribePacket(3, List.of("a/b", "c"), properties), bytes(
        0xA2, // type 10, flags 0010
        0x19, // remaining length 25
        0x00, 0x03, // packet identifier 3
        0x0E, // property length 14
        0x26, 0x00, 0x01, 'k', 0x00, 0x01, 'v', // user property k=v [MQTT 5.0] 3.10.2.1.2
        0x26, 0x00, 0x02, 'k', '2', 0x00, 0x00, // user property k2="" (empty value)
        0x00, 0x03, 'a', '/', 'b', // topic filter "a/b"
        0x00, 0x01, 'c')); // topic filter "c"
  }

  @ParameterizedTest(name = "level {0}")
  @ValueSource(ints = {3, 4, 5})
  void flagsZeroAreMalformed(int version) {
    // [MQTT-3.10.1-1] bits 3..0 are 0010
    assertMalformed(version, bytes(0xA0, 0x05, 0x00, 0x03, 0x00, 0x01, 'a'),
        ReasonCode.MALFORMED_PACKET);
  }

  @ParameterizedTest(name = "level {0}")
  @ValueSource(ints = {3, 4})
  void noFiltersBeforeMqtt5IsMalformed(int version) {
    // [MQTT-3.10.3-2] at least one topic filter
    assertMalformed(version, bytes(0xA2, 0x02, 0x00, 0x03), ReasonCode.MALFORMED_PACKET);
  }

  @Test
  void noFiltersAtMqtt5IsProtocolError() {
    // [MQTT 5.0] 3.10.3: an UNSUBSCRIBE with no payload is a Protocol Error
    assertMalformed(5, bytes(
        0xA2, // type 10, flags 0010
        0x03, // remaining length 3
        0x00, 0x03, // packet identifier 3
        0x00), // property length 0, then nothing
        ReasonCode.PROTOCOL_ERROR);
  }

  @ParameterizedTest(name = "level {0}")
  @ValueSource(ints = {3, 4})
  void invalidUtf8FilterBeforeMqtt5IsMalformed(int version) {
    // [MQTT-1.5.4-1] 0xED 0xA0 0x80 encodes the surrogate U+D800
    assertMalformed(version, bytes(0xA2, 0x07, 0x00, 0x03, 0x00, 0x03, 0xED, 0xA0, 0x80),
        ReasonCode.MALFORMED_PACKET);
  }

  @Test
  void invalidUtf8FilterAtMqtt5IsMalformed() {
    // [MQTT-1.5.4-1] 0xC0 0xAF is an overlong '/'
    assertMalformed(5, bytes(0xA2, 0x07, 0x00, 0x03, 0x00, 0x00, 0x02, 0xC0, 0xAF),
        ReasonCode.MALFORMED_PACKET);
  }

  @ParameterizedTest(name = "level {0}")
  @ValueSource(ints = {3, 4})
  void messageIdZeroIsMalformed(int version) {
    // [MQTT-2.3.1-1] UNSUBSCRIBE carries a non-zero packet identifier
    assertMalformed(version, bytes(0xA2, 0x05, 0x00, 0x00, 0x00, 0x01, 'a'),
        ReasonCode.MALFORMED_PACKET);
  }

  @Test
  void reasonStringPropertyIsMalformed() {
    // [MQTT 5.0] 2.2.2.2: only user properties are valid in UNSUBSCRIBE
    assertMalformed(5, bytes(0xA2, 0x0A, 0x00, 0x03, 0x04, 0x1F, 0x00, 0x01, 'r',
        0x00, 0x01, 'a'), ReasonCode.MALFORMED_PACKET);
  }

  @Test
  void truncatedFilterIsMalformed() {
    // the filter claims 3 bytes, the packet ends after 1
    assertMalformed(4, bytes(0xA2, 0x05, 0x00, 0x03, 0x00, 0x03, 'a'),
        ReasonCode.MALFORMED_PACKET);
  }

  @Test
  void unsubscribeWithoutFiltersCannotBeBuilt() {
    assertThatThrownBy(() -> new UnsubscribePacket(3, List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
