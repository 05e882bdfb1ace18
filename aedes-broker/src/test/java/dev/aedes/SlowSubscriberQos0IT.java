package dev.aedes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.aedes.packet.PubackPacket;
import dev.aedes.packet.PublishPacket;
import dev.aedes.packet.Subscription;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * QoS 0 for a subscriber that reads slower than messages arrive: its publishers are read more
 * slowly (backpressure) and the messages wait in its connection's write queue (as Mosquitto
 * and Aedes queue them) up to {@code maxQueuedBytes}; beyond it (a subscriber that stopped
 * reading) new ones are dropped and counted, so the queue, and the broker's memory, stay
 * bounded, and its publishers are no longer held back.
 */
class SlowSubscriberQos0IT {
  private static final int MESSAGES = 1000;
  private static final int PAYLOAD = 16 * 1024;
  /** Netty's default high water mark: above it the old policy dropped every QoS 0 message. */
  private static final int HIGH_WATER_MARK = 64 * 1024;

  @Test
  void slowQos0SubscriberReceivesEveryMessageWithinTheBound() throws Exception {
    AedesOptions options = new AedesOptions().maxQueuedBytes(64L * 1024 * 1024);
    try (TestBroker broker = TestBroker.start(options);
         RawClient slow = RawClient.connected(broker, "slow", true);
         RawClient pub = RawClient.connected(broker, "pub", true)) {
      slow.subscribe(1, new Subscription("s/#", 0));
      slow.reading(false);
      publishAll(pub, "s/0");
      Client server = broker.aedes().sessions.connected("slow");
      await().atMost(Duration.ofSeconds(10))
          .until(() -> server.conn.pendingWriteBytes() > HIGH_WATER_MARK);
      assertThat(broker.aedes().droppedMessages()).as("queued beyond the write window").isZero();
      // the publisher is not read while the subscriber does not keep up (backpressure)
      await().atMost(Duration.ofSeconds(10)).until(() -> broker.aedes().readPauses() > 0);
      slow.reading(true);
      for (int i = 0; i < MESSAGES; i++) {
        PublishPacket packet = slow.expect(PublishPacket.class);
        assertThat(ByteBuffer.wrap(packet.payload()).getInt()).as("in order").isEqualTo(i);
      }
      assertThat(broker.aedes().droppedMessages()).isZero();
    }
  }

  @Test
  void beyondMaxQueuedBytesQos0IsDroppedCountedAndTheQueueStaysBounded() throws Exception {
    long bound = 256 * 1024;
    try (TestBroker broker = TestBroker.start(new AedesOptions().maxQueuedBytes(bound));
         RawClient slow = RawClient.connected(broker, "slow", true);
         RawClient pub = RawClient.connected(broker, "pub", true)) {
      slow.subscribe(1, new Subscription("d/#", 0));
      slow.reading(false);
      Client server = broker.aedes().sessions.connected("slow");
      publishAll(pub, "d/0");
      // a client's packets are handled in order: this PUBACK comes after every QoS 0 was routed
      pub.send(new PublishPacket("nobody", new byte[0], 1, 1, false));
      pub.expect(PubackPacket.class);
      // and the deliveries were handed to the subscriber's lane before it: a task queued there
      // now runs after them
      CompletableFuture.runAsync(() -> { }, server.lane).get(5, TimeUnit.SECONDS);
      long dropped = broker.aedes().droppedMessages();
      assertThat(dropped).as("dropped for the slow subscriber").isPositive();
      // more than the socket buffers hold was sent: without the bound this would be megabytes
      assertThat(server.conn.pendingWriteBytes()).as("memory held for the slow subscriber")
          .isLessThanOrEqualTo(bound + PAYLOAD + 1024);
      slow.reading(true);
      int previous = -1;
      for (int i = 0; i < MESSAGES - dropped; i++) {
        int index = ByteBuffer.wrap(slow.expect(PublishPacket.class).payload()).getInt();
        assertThat(index).as("in order, gaps only").isGreaterThan(previous);
        previous = index;
      }
      // the queue drained: a new message is taken again, and comes right after the others
      pub.send(new PublishPacket("d/0", ByteBuffer.allocate(4).putInt(MESSAGES).array(), 0, 0,
          false));
      assertThat(ByteBuffer.wrap(slow.expect(PublishPacket.class).payload()).getInt())
          .as("each message was received or counted dropped").isEqualTo(MESSAGES);
      assertThat(broker.aedes().droppedMessages()).isEqualTo(dropped);
    }
  }

  private static void publishAll(RawClient pub, String topic) {
    for (int i = 0; i < MESSAGES; i++) {
      byte[] payload = ByteBuffer.allocate(PAYLOAD).putInt(i).array();
      pub.send(new PublishPacket(topic, payload, 0, 0, false));
    }
  }
}
