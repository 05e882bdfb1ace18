package dev.aedes.persistence.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aedes.packet.Properties;
import dev.aedes.packet.PublishPacket;
import dev.aedes.packet.Subscription;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The stored form of PUBLISH packets and subscription options round-trips every field. */
class PacketCodecTest {
  private static PublishPacket roundTrip(PublishPacket packet) {
    return PacketCodec.decode(PacketCodec.encode(packet));
  }

  @Test
  void publishWithEveryPublishPropertyRoundTrips() {
    PublishPacket packet = new PublishPacket(true, 2, true, "a/b/ü", 65535,
        "payload".getBytes(StandardCharsets.UTF_8), Properties.builder()
            .payloadFormatIndicator(true).messageExpiryInterval(4_000_000_000L)
            .contentType("text/plain").responseTopic("reply/to")
            .correlationData(new byte[] {0, 1, 2}).subscriptionIdentifier(7)
            .subscriptionIdentifier(300_000).topicAlias(3)
            .userProperty("a", "1").userProperty("a", "2").build());
    assertThat(roundTrip(packet)).isEqualTo(packet);
    assertThat(PacketCodec.messageId(PacketCodec.encode(packet))).isEqualTo(65535);
  }

  @Test
  void queuedQos1WithoutMessageIdAndEmptyPayloadRoundTrip() {
    PublishPacket queued = new PublishPacket("t", new byte[0], 1, 0, false);
    assertThat(roundTrip(queued)).isEqualTo(queued);
    assertThat(PacketCodec.messageId(PacketCodec.encode(queued))).isZero();
  }

  @Test
  void willWithWillDelayIntervalRoundTrips() {
    PublishPacket will = new PublishPacket(false, 1, true, "will", 0, new byte[] {9},
        Properties.builder().willDelayInterval(30L).userProperty("k", "v").build());
    assertThat(roundTrip(will)).isEqualTo(will);
  }

  @Test
  void storedPublishIsCompact() {
    PublishPacket packet = new PublishPacket("sensors/1", new byte[10], 1, 42, false);
    // format, flags, id(2), topic(2+9), property length(1), payload(10)
    assertThat(PacketCodec.encode(packet)).hasSize(4 + 11 + 1 + 10);
  }

  @Test
  void subscriptionOptionsRoundTrip() {
    for (int qos = 0; qos <= 2; qos++) {
      for (int rh = 0; rh <= 2; rh++) {
        Subscription sub = new Subscription("a/+", qos, qos == 1, rh == 2, rh);
        assertThat(PacketCodec.decodeOptions("a/+", PacketCodec.encodeOptions(sub)))
            .isEqualTo(sub);
      }
    }
  }
}
