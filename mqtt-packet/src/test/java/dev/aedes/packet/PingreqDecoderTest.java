package dev.aedes.packet;

import static dev.aedes.packet.Fixtures.assertFixture;
import static dev.aedes.packet.Fixtures.assertMalformed;
import static dev.aedes.packet.Fixtures.bytes;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** PINGREQ ([MQTT 3.1.1] 3.12, [MQTT 5.0] 3.12): the same two bytes at every level. */
class PingreqDecoderTest {
  @ParameterizedTest(name = "level {0}")
  @ValueSource(ints = {3, 4, 5})
  void pingreqIsTwoBytes(int version) {
    assertFixture(version, PingreqPacket.INSTANCE, bytes(
        0xC0, // type 12, flags 0
        0x00)); // remaining length 0
  }

  @ParameterizedTest(name = "level {0}")
  @ValueSource(ints = {3, 4, 5})
  void pingreqWithReservedFlagIsMalformed(int version) {
    assertMalformed(version, bytes(0xC1, 0x00), ReasonCode.MALFORMED_PACKET); // [MQTT-2.2.2-2]
  }

  @ParameterizedTest(name = "level {0}")
  @ValueSource(ints = {3, 4, 5})
  void pingreqWithBodyIsMalformed(int version) {
    assertMalformed(version, bytes(0xC0, 0x01, 0x00), ReasonCode.MALFORMED_PACKET);
  }
}
