package dev.aedes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.aedes.packet.ConnectPacket;
import dev.aedes.packet.Packet;
import dev.aedes.packet.PingreqPacket;
import dev.aedes.packet.PingrespPacket;
import dev.aedes.packet.PubackPacket;
import dev.aedes.packet.PublishPacket;
import dev.aedes.packet.Subscription;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Fan-in backpressure: a publisher whose messages go to a subscriber that does not keep up is
 * not read for a while, and that pause is never held against the publisher.
 */
class BackpressureIT {
  private static final int PAYLOAD = 16 * 1024;

  @Test
  void aPausedPublisherIsNotDisconnectedForKeepAlive() throws Exception {
    AedesOptions options = new AedesOptions().maxQueuedBytes(64L * 1024 * 1024);
    try (TestBroker broker = TestBroker.start(options);
         RawClient slow = RawClient.connected(broker, "slow", true);
         // keep alive 1 s: the broker closes it after 1.5 s without a packet read
         RawClient pub = RawClient.connected(broker, ConnectPacket.of(4, "pub", true, 1))) {
      slow.subscribe(1, new Subscription("k/#", 0));
      slow.reading(false);
      for (int i = 0; i < 400; i++) {
        pub.send(new PublishPacket("k/0", new byte[PAYLOAD], 0, 0, false));
      }
      await().atMost(Duration.ofSeconds(10)).until(() -> broker.aedes().readPauses() > 0);
      // the client pings in time; the broker is not reading it while the subscriber is stuck
      for (int i = 0; i < 6; i++) {
        pub.send(PingreqPacket.INSTANCE);
        Thread.sleep(500); // the client's own ping interval, not a wait for the broker
      }
      pub.send(new PublishPacket("elsewhere", new byte[] {1}, 1, 7, false));

      int pingresps = 0;
      Packet packet;
      while (!((packet = pub.poll(10_000)) instanceof PubackPacket)) {
        assertThat(packet).as("answers to its pings, then the PUBACK")
            .isInstanceOf(PingrespPacket.class);
        pingresps++;
      }
      assertThat(((PubackPacket) packet).messageId()).isEqualTo(7);
      assertThat(pingresps).isEqualTo(6);
      assertThat(pub.isOpen()).as("not closed for keep alive").isTrue();
    }
  }
}
