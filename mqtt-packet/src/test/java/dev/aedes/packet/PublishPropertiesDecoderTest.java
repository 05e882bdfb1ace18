package dev.aedes.packet;

import static dev.aedes.packet.Fixtures.assertFixture;
import static dev.aedes.packet.Fixtures.assertMalformed;
import static dev.aedes.packet.Fixtures.assertRejectedByGenerator;
import static dev.aedes.packet.Fixtures.bytes;
import static dev.aedes.packet.PublishDecoderTest.HI;
import static dev.aedes.packet.PublishDecoderTest.TOPIC_A_B;
import static dev.aedes.packet.PublishDecoderTest.withoutProperties;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The MQTT 5 part of PUBLISH ([MQTT 5.0] 3.3.2.3), the properties dropped below MQTT 5, and
 * {@link Generator#generatePublish}. Kept apart from {@link PublishDecoderTest} to keep both short.
 */
class PublishPropertiesDecoderTest {
  static final byte[] EVERY_PROPERTY = bytes(
      0x32, 0x3E, // type 3, QoS 1; remaining length 62
      0x00, 0x03, 'a', '/', 'b', // topic "a/b"
      0x00, 0x01, // packet identifier 1
      0x34, // property length 52 (3.3.2.3.1)
      0x01, 0x01, // payload format indicator 1: UTF-8 (3.3.2.3.2)
      0x02, 0x00, 0x00, 0x00, 0x1E, // message expiry interval 30 (3.3.2.3.3)
      0x03, 0x00, 0x04, 'j', 's', 'o', 'n', // content type "json" (3.3.2.3.9)
      0x08, 0x00, 0x03, 'r', '/', '1', // response topic "r/1" (3.3.2.3.5)
      0x09, 0x00, 0x02, 0xAB, 0xCD, // correlation data AB CD (3.3.2.3.6)
      0x23, 0x00, 0x07, // topic alias 7 (3.3.2.3.4)
      0x0B, 0x01, // subscription identifier 1 (3.3.2.3.8)
      0x0B, 0x80, 0x01, // subscription identifier 128, two-byte varint [MQTT-3.3.4-3]
      0x0B, 0xFF, 0xFF, 0xFF, 0x7F, // subscription identifier 268435455, the maximum
      0x26, 0x00, 0x01, 'a', 0x00, 0x01, 'b', // user property a=b (3.3.2.3.7)
      0x26, 0x00, 0x01, 'a', 0x00, 0x01, 'c', // user property a=c: order kept [MQTT-3.3.2-18]
      'h', 'i'); // payload

  static PublishPacket everyProperty() {
    Properties properties = Properties.builder().payloadFormatIndicator(true)
        .messageExpiryInterval(30).contentType("json").responseTopic("r/1")
        .correlationData(bytes(0xAB, 0xCD)).topicAlias(7).subscriptionIdentifier(1)
        .subscriptionIdentifier(128).subscriptionIdentifier(268_435_455)
        .userProperty("a", "b").userProperty("a", "c").build();
    return new PublishPacket(false, 1, false, "a/b", 1, bytes(HI), properties);
  }

  @Test
  void everyPublishProperty() {
    assertFixture(5, everyProperty(), EVERY_PROPERTY);
  }

  @Test
  void emptyTopicWithTopicAliasIsValid() {
    // [MQTT 5.0] 3.3.2.1 / 3.3.2.3.4: a zero-length topic name with a Topic Alias.
    Properties alias = Properties.builder().topicAlias(7).build();
    assertFixture(5, new PublishPacket(false, 0, false, "", 0, bytes(HI), alias), bytes(
        0x30, 0x08, // type 3, QoS 0; remaining length 8
        0x00, 0x00, // topic "" (length 0)
        0x03, // property length 3
        0x23, 0x00, 0x07, // topic alias 7
        'h', 'i')); // payload
  }

  @ParameterizedTest(name = "level {0}")
  @ValueSource(ints = {3, 4})
  void propertiesAreLeftOutBelowMqtt5(int version) {
    // Generator contract: 3.1/3.1.1 PUBLISH has no property list; the bytes are the v4 fixture.
    byte[] expected = withoutProperties(version, 0x32,
        new int[] {0x00, 0x03, 'a', '/', 'b', 0x00, 0x01}, HI); // topic "a/b", packet id 1
    assertThat(Generator.toBytes(everyProperty(), version)).isEqualTo(expected);
    assertThat(Generator.size(everyProperty(), version)).isEqualTo(expected.length);
  }

  @Test
  void topicAliasZeroIsTopicAliasInvalid() {
    // [MQTT-3.3.2-8] a Topic Alias of 0 is not permitted: Topic Alias invalid (0x94).
    assertMalformed(5, bytes(
        0x30, 0x09, // remaining length 9
        0x00, 0x03, 'a', '/', 'b', // topic
        0x03, 0x23, 0x00, 0x00), // property length 3; topic alias 0
        ReasonCode.TOPIC_ALIAS_INVALID);
  }

  @Test
  void repeatedTopicAliasIsProtocolError() {
    // [MQTT 5.0] 3.3.2.3.4: including Topic Alias more than once is a Protocol Error.
    assertMalformed(5, bytes(
        0x30, 0x0C, // remaining length 12
        0x00, 0x03, 'a', '/', 'b', // topic
        0x06, // property length 6
        0x23, 0x00, 0x01, // topic alias 1
        0x23, 0x00, 0x02), // topic alias 2
        ReasonCode.PROTOCOL_ERROR);
  }

  @Test
  void subscriptionIdentifierZeroIsProtocolError() {
    // [MQTT 5.0] 3.3.2.3.8: a Subscription Identifier of 0 is a Protocol Error.
    assertMalformed(5, bytes(0x30, 0x08, 0x00, 0x03, 'a', '/', 'b', 0x02, 0x0B, 0x00),
        ReasonCode.PROTOCOL_ERROR);
  }

  @Test
  void payloadFormatIndicatorTwoIsProtocolError() {
    assertMalformed(5, bytes(0x30, 0x08, 0x00, 0x03, 'a', '/', 'b', 0x02, 0x01, 0x02),
        ReasonCode.PROTOCOL_ERROR);
  }

  @Test
  void propertyNotAllowedInPublishIsMalformed() {
    assertMalformed(5, bytes(
        0x30, 0x0B, // remaining length 11
        0x00, 0x03, 'a', '/', 'b', // topic
        0x05, // property length 5
        0x11, 0x00, 0x00, 0x00, 0x01), // session expiry interval: not a PUBLISH property
        ReasonCode.MALFORMED_PACKET);
  }

  @Test
  void generatorRejectsPropertyNotAllowedInPublish() {
    Properties session = Properties.builder().sessionExpiryInterval(1).build();
    assertRejectedByGenerator(5, new PublishPacket(false, 0, false, "a", 0, null, session),
        "sessionExpiryInterval is not allowed in PUBLISH");
  }

  @Test
  void generatorRejectsEmptyTopicWithAliasBelowMqtt5() {
    Properties alias = Properties.builder().topicAlias(7).build();
    assertRejectedByGenerator(4, new PublishPacket(false, 0, false, "", 0, null, alias),
        "is empty");
  }

  @ParameterizedTest(name = "level {0}")
  @ValueSource(ints = {3, 4, 5})
  void generatePublishWithPayloadBufferMatchesGenerate(int version) {
    PublishPacket packet = everyProperty();
    ByteBuf payload = ByteBufAllocator.DEFAULT.buffer().writeBytes(bytes(HI));
    ByteBuf out = Generator.generatePublish(packet, payload, version, ByteBufAllocator.DEFAULT);
    try {
      assertThat(ByteBufUtil.getBytes(out)).isEqualTo(Generator.toBytes(packet, version));
    } finally {
      out.release();
    }
    assertThat(payload.refCnt()).as("payload released with the result").isZero();
  }

  @Test
  void generatePublishIgnoresThePacketsOwnPayload() {
    PublishPacket noPayload = new PublishPacket(false, 1, false, "a/b", 1, null,
        everyProperty().properties());
    ByteBuf out = Generator.generatePublish(noPayload, Unpooled.wrappedBuffer(bytes(HI)), 5,
        ByteBufAllocator.DEFAULT);
    try {
      assertThat(ByteBufUtil.getBytes(out)).isEqualTo(EVERY_PROPERTY);
    } finally {
      out.release();
    }
  }

  @Test
  void generatePublishReleasesThePayloadOfAnInvalidPacket() {
    ByteBuf payload = ByteBufAllocator.DEFAULT.buffer().writeBytes(bytes(HI));
    PublishPacket wildcard = PublishPacket.of("a/#", "");
    assertThatThrownBy(() -> Generator.generatePublish(wildcard, payload, 4,
        ByteBufAllocator.DEFAULT)).isInstanceOf(IllegalArgumentException.class);
    assertThat(payload.refCnt()).isZero();
  }

  @Test
  void propertiesAfterTopicAndBeforePayloadAreRequiredAtMqtt5() {
    // The same bytes as a 3.1.1 PUBLISH: at level 5 'h' (0x68) is read as a property length.
    assertMalformed(5, withoutProperties(4, 0x30, TOPIC_A_B, HI), ReasonCode.MALFORMED_PACKET);
  }
}
