package dev.aedes.packet;

import static dev.aedes.packet.Fixtures.assertFixture;
import static dev.aedes.packet.Fixtures.assertMalformed;
import static dev.aedes.packet.Fixtures.assertRejectedByGenerator;
import static dev.aedes.packet.Fixtures.bytes;
import static dev.aedes.packet.Fixtures.concat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * PUBLISH ([MQTT 3.1.1] 3.3, [MQTT 5.0] 3.3) at levels 3, 4 and 5. MQTT 5 property fixtures and
 * the payload-buffer generator are in {@link PublishPropertiesDecoderTest}.
 */
class PublishDecoderTest {
  static final int[] TOPIC_A_B = {0x00, 0x03, 'a', '/', 'b'}; // topic name "a/b" (3.3.2.1)
  static final int[] HI = {'h', 'i'}; // application message "hi" (3.3.3)

  @ParameterizedTest(name = "level {0}")
  @ValueSource(ints = {3, 4, 5})
  void qos0(int version) {
    assertFixture(version, new PublishPacket("a/b", bytes(HI), 0, 0, false), withoutProperties(
        version,
        0x30, // type 3; DUP 0, QoS 0, RETAIN 0 (3.3.1); no packet identifier at QoS 0
        TOPIC_A_B, HI));
  }

  @ParameterizedTest(name = "level {0}")
  @ValueSource(ints = {3, 4, 5})
  void qos1WithDupAndRetain(int version) {
    assertFixture(version, new PublishPacket(true, 1, true, "a/b", 10, bytes(HI), null),
        withoutProperties(version,
            0x3B, // type 3; DUP 0x08 (3.3.1.1), QoS 1 0x02 (3.3.1.2), RETAIN 0x01 (3.3.1.3)
            concat(TOPIC_A_B, new int[] {0x00, 0x0A}), // topic; packet identifier 10
            HI));
  }

  @ParameterizedTest(name = "level {0}")
  @ValueSource(ints = {3, 4, 5})
  void qos2WithHighestPacketIdentifier(int version) {
    assertFixture(version, new PublishPacket("a/b", bytes(HI), 2, 0xFFFF, false),
        withoutProperties(version,
            0x34, // type 3; QoS 2 0x04
            concat(TOPIC_A_B, new int[] {0xFF, 0xFF}), // topic; packet identifier 65535
            HI));
  }

  @ParameterizedTest(name = "level {0}")
  @ValueSource(ints = {3, 4, 5})
  void emptyPayload(int version) {
    // [MQTT 3.1.1] 3.3.3: a zero length payload is valid.
    assertFixture(version, new PublishPacket("a/b", new byte[0], 0, 0, true),
        withoutProperties(version, 0x31, TOPIC_A_B, new int[0])); // RETAIN 1; no payload
  }

  @ParameterizedTest(name = "level {0}")
  @ValueSource(ints = {3, 4, 5})
  void binaryPayloadIsCarriedAsIs(int version) {
    int[] payload = {0x00, 0xFF, 0x80, 0x7F, 0xC3}; // not UTF-8: the payload is opaque (3.3.3)
    assertFixture(version, new PublishPacket("a/b", bytes(payload), 0, 0, false),
        withoutProperties(version, 0x30, TOPIC_A_B, payload));
  }

  @ParameterizedTest(name = "level {0}")
  @ValueSource(ints = {3, 4, 5})
  void multiByteUtf8Topic(int version) {
    int[] topic = {
        0x00, 0x0B, // topic length 11 bytes (1.5.4), not 6 chars
        0xC3, 0xBC, // U+00FC 'ü' (2 bytes)
        '/',
        0xE2, 0x82, 0xAC, // U+20AC '€' (3 bytes)
        '/',
        0xF0, 0x9F, 0x98, 0x80}; // U+1F600 (4 bytes, a surrogate pair in Java)
    assertFixture(version, new PublishPacket("\u00FC/\u20AC/\uD83D\uDE00", bytes(HI), 0, 0, false),
        withoutProperties(version, 0x30, topic, HI));
  }

  @Test
  void payloadOf2048BytesNeedsTwoLengthBytes() {
    byte[] payload = payload(2048);
    int[] header = {
        0x30, // type 3, QoS 0
        0x85, 0x10, // remaining length 2053 = 5 + 16 * 128 (1.5.5, 2.2.3)
        0x00, 0x03, 'a', '/', 'b'}; // topic "a/b"; then 2048 payload bytes
    assertFixture(4, new PublishPacket("a/b", payload, 0, 0, false), join(header, payload));
  }

  @Test
  void payloadOf200KilobytesNeedsThreeLengthBytes() {
    byte[] payload = payload(200 * 1024);
    int[] header = {
        0x32, // type 3, QoS 1
        0x88, 0xC0, 0x0C, // remaining length 204808 = 8 + 64 * 128 + 12 * 16384
        0x00, 0x03, 'a', '/', 'b', // topic "a/b"
        0x00, 0x01, // packet identifier 1
        0x00}; // property length 0; then 204800 payload bytes
    assertFixture(5, new PublishPacket("a/b", payload, 1, 1, false), join(header, payload));
  }

  @ParameterizedTest(name = "level {0}")
  @ValueSource(ints = {3, 4, 5})
  void qos3IsMalformed(int version) {
    // [MQTT-3.3.1-4] both QoS bits set.
    assertMalformed(version, withoutProperties(version, 0x36,
        concat(TOPIC_A_B, new int[] {0x00, 0x01}), HI), ReasonCode.MALFORMED_PACKET);
  }

  @ParameterizedTest(name = "level {0}")
  @ValueSource(ints = {3, 4, 5})
  void dupOnQos0IsMalformed(int version) {
    // [MQTT-3.3.1-2] DUP must be 0 for QoS 0.
    assertMalformed(version, withoutProperties(version, 0x38, TOPIC_A_B, HI),
        ReasonCode.MALFORMED_PACKET);
  }

  @ParameterizedTest(name = "first byte {0}")
  @ValueSource(ints = {0x32, 0x34})
  void packetIdentifierZeroIsMalformed(int firstByte) {
    for (int version = 3; version <= 5; version++) {
      // [MQTT-2.2.1-3] a packet identifier is non-zero.
      assertMalformed(version, withoutProperties(version, firstByte,
          concat(TOPIC_A_B, new int[] {0x00, 0x00}), HI), ReasonCode.MALFORMED_PACKET);
    }
  }

  @ParameterizedTest(name = "topic a/{0}")
  @ValueSource(strings = {"+", "#"})
  void wildcardInTopicNameIsTopicNameInvalid(String wildcard) {
    // [MQTT-3.3.2-2] the topic name in a PUBLISH must not contain wildcards.
    int[] topic = {0x00, 0x03, 'a', '/', wildcard.charAt(0)};
    for (int version = 3; version <= 5; version++) {
      assertMalformed(version, withoutProperties(version, 0x30, topic, HI),
          ReasonCode.TOPIC_NAME_INVALID);
    }
  }

  @ParameterizedTest(name = "level {0}")
  @ValueSource(ints = {3, 4})
  void emptyTopicIsMalformedBeforeMqtt5(int version) {
    // [MQTT-4.7.3-1] a topic name is at least one character long.
    assertMalformed(version, bytes(0x30, 0x04, 0x00, 0x00, 'h', 'i'), ReasonCode.MALFORMED_PACKET);
  }

  @Test
  void emptyTopicWithoutTopicAliasIsProtocolErrorAtMqtt5() {
    // [MQTT 5.0] 3.3.2.1: a zero-length topic needs a Topic Alias; without one, Protocol Error.
    assertMalformed(5, bytes(
        0x30, 0x05, // type 3; remaining length 5
        0x00, 0x00, // topic ""
        0x00, // property length 0
        'h', 'i'), // payload
        ReasonCode.PROTOCOL_ERROR);
  }

  @Test
  void topicLengthBeyondTheBodyIsMalformed() {
    assertMalformed(4, bytes(0x30, 0x04, 0x00, 0x05, 'a', '/'), ReasonCode.MALFORMED_PACKET);
  }

  @Test
  void bodyEndingInsidePacketIdentifierIsMalformed() {
    assertMalformed(4, bytes(0x32, 0x06, 0x00, 0x03, 'a', '/', 'b', 0x00),
        ReasonCode.MALFORMED_PACKET);
  }

  @Test
  void invalidUtf8InTopicIsMalformed() {
    // [MQTT-1.5.4-1] an encoded surrogate (ED A0 80) is not well-formed UTF-8.
    assertMalformed(4, bytes(0x30, 0x05, 0x00, 0x03, 0xED, 0xA0, 0x80),
        ReasonCode.MALFORMED_PACKET);
  }

  @Test
  void generatorRejectsWildcardTopic() {
    assertRejectedByGenerator(4, PublishPacket.of("a/+", "x"), "contains a wildcard");
    assertRejectedByGenerator(5, PublishPacket.of("#", "x"), "contains a wildcard");
  }

  @Test
  void generatorRejectsQos1WithoutPacketIdentifier() {
    // The record allows messageId 0 at any QoS; the generator enforces [MQTT-2.2.1-3].
    PublishPacket packet = new PublishPacket(false, 1, false, "a/b", 0, bytes(HI), null);
    assertRejectedByGenerator(4, packet, "needs a messageId");
    assertRejectedByGenerator(5, packet.withMessageId(0, true), "needs a messageId");
  }

  @Test
  void recordRefusesQos0WithPacketIdentifierOrDup() {
    assertThatThrownBy(() -> new PublishPacket(false, 0, false, "a", 1, null, null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new PublishPacket(true, 0, false, "a", 0, null, null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void generatorRejectsEmptyTopicWithoutAlias() {
    assertRejectedByGenerator(4, PublishPacket.of("", "x"), "is empty");
    assertRejectedByGenerator(5, PublishPacket.of("", "x"), "is empty");
  }

  @Test
  void largePayloadGeneratedThroughAnAllocatorIsTheSameBytes() {
    PublishPacket packet = new PublishPacket("a/b", payload(4096), 0, 0, false);
    ByteBuf out = Generator.generate(packet, 4, ByteBufAllocator.DEFAULT);
    try {
      assertThat(ByteBufUtil.getBytes(out)).isEqualTo(Generator.toBytes(packet, 4));
      assertThat(out.readableBytes()).isEqualTo(Generator.size(packet, 4));
    } finally {
      out.release();
    }
  }

  /**
   * A PUBLISH without properties: fixed header, then the variable header, then at level 5 a
   * property length of 0 ([MQTT 5.0] 3.3.2.3.1), then the payload. Bodies stay under 128 bytes.
   */
  static byte[] withoutProperties(int version, int firstByte, int[] variableHeader,
      int[] payload) {
    int[] properties = version == 5 ? new int[] {0x00} : new int[0];
    int remainingLength = variableHeader.length + properties.length + payload.length;
    return bytes(concat(new int[] {firstByte, remainingLength}, variableHeader, properties,
        payload));
  }

  /** A deterministic payload: byte i is i mod 251 (a prime, so no 256-byte period). */
  static byte[] payload(int length) {
    byte[] payload = new byte[length];
    for (int i = 0; i < length; i++) {
      payload[i] = (byte) (i % 251);
    }
    return payload;
  }

  private static byte[] join(int[] header, byte[] payload) {
    byte[] all = new byte[header.length + payload.length];
    System.arraycopy(bytes(header), 0, all, 0, header.length);
    System.arraycopy(payload, 0, all, header.length, payload.length);
    return all;
  }
}
