package dev.aedes.packet;

import static dev.aedes.packet.Fixtures.assertFixture;
import static dev.aedes.packet.Fixtures.assertMalformed;
import static dev.aedes.packet.Fixtures.bytes;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** PINGRESP ([MQTT 3.1.1] 3.13, [MQTT 5.0] 3.13): the same two bytes at every level. */
class PingrespDecoderTest {
  @ParameterizedTest(name = "level {0}")
  @ValueSource(ints = {3, 4, 5})
  void pingrespIsTwoBytes(int version) {
    assertFixture(version, PingrespPacket.INSTANCE, bytes(
        0xD0, // type 13, flags 0
        0x00)); // remaining length 0
  }

  @ParameterizedTest(name = "level {0}")
  @ValueSource(ints = {3, 4, 5})
  void pingrespWithReservedFlagIsMalformed(int version) {
    assertMalformed(version, bytes(0xD2, 0x00), ReasonCode.MALFORMED_PACKET); // [MQTT-2.2.2-2]
  }

  @ParameterizedTest(name = "level {0}")
  @ValueSource(ints = {3, 4, 5})
  void pingrespWithBodyIsMalformed(int version) {
    // [MQTT 5.0] 3.13.1: remaining length 0, no variable header, no payload
    assertMalformed(version, bytes(0xD0, 0x01, 0x00), ReasonCode.MALFORMED_PACKET);
  }
}
