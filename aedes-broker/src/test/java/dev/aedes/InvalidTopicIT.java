package dev.aedes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.aedes.packet.PubackPacket;
import dev.aedes.packet.PublishPacket;
import dev.aedes.packet.SubackPacket;
import dev.aedes.packet.Subscription;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Invalid topic names and topic filters from a raw client (3.1.1 sections 4.7, 3.3.2, 3.8.4). */
class InvalidTopicIT {
  @Test
  @DisplayName("[MQTT-3.3.2-2] a PUBLISH whose topic holds a wildcard closes the connection")
  void publishWithWildcardTopicClosesTheConnection() throws Exception {
    try (TestBroker broker = TestBroker.start();
         RawClient watcher = RawClient.connected(broker, "watcher", true);
         RawClient bad = RawClient.connected(broker, "bad", true)) {
      List<Throwable> errors = new CopyOnWriteArrayList<>();
      broker.aedes().onClientError((client, error) -> errors.add(error));
      watcher.subscribe(1, new Subscription("#", 0));
      bad.sendBytes(
          0x30, 0x07, // PUBLISH, QoS 0; remaining length 7
          0x00, 0x03, 'a', '/', '+', // topic name "a/+": a wildcard in a topic name
          'h', 'i'); // payload
      bad.awaitClosed();
      await().until(() -> errors.size() == 1);
      watcher.send(PublishPacket.of("after", "x"));
      assertThat(watcher.next()).as("nothing was forwarded").isInstanceOf(PublishPacket.class)
          .extracting(p -> ((PublishPacket) p).topic()).isEqualTo("after");
    }
  }

  @Test
  @DisplayName("[MQTT-3.3.2-2] a PUBLISH whose topic holds '#' closes the connection")
  void publishWithHashTopicClosesTheConnection() throws Exception {
    try (TestBroker broker = TestBroker.start();
         RawClient bad = RawClient.connected(broker, "bad", true)) {
      bad.sendBytes(
          0x32, 0x07, // PUBLISH, QoS 1; remaining length 7
          0x00, 0x03, 'a', '/', '#', // topic name "a/#"
          0x00, 0x01); // message id 1, no payload
      bad.awaitClosed();
      assertThat(bad.pending()).as("no PUBACK").noneMatch(p -> p instanceof PubackPacket);
    }
  }

  @Test
  @DisplayName("[MQTT-3.8.4-5] an invalid filter gets 0x80 in SUBACK, the others are granted")
  void invalidFilterIsRefusedInSubackAndOthersGranted() throws Exception {
    try (TestBroker broker = TestBroker.start();
         RawClient client = RawClient.connected(broker, "mixed", true);
         PahoClient publisher = PahoClient.connect(broker, "pub", true)) {
      client.sendBytes(
          0x82, 0x16, // SUBSCRIBE (flags 0010); remaining length 22
          0x00, 0x0A, // message id 10
          0x00, 0x03, 'o', 'k', '1', 0x01, // "ok1" at QoS 1
          0x00, 0x05, 'a', '/', '#', '/', 'b', 0x01, // "a/#/b": '#' not last, invalid
          0x00, 0x03, 'o', 'k', '2', 0x02); // "ok2" at QoS 2
      SubackPacket suback = client.expect(SubackPacket.class);
      assertThat(suback.messageId()).isEqualTo(10);
      assertThat(suback.granted()).containsExactly(1, 0x80, 2);
      assertThat(client.isOpen()).isTrue();
      publisher.publish("ok2", "granted", 2, false);
      PublishPacket delivered = client.expect(PublishPacket.class);
      assertThat(delivered.topic()).isEqualTo("ok2");
      assertThat(delivered.qos()).isEqualTo(2);
    }
  }

  @Test
  @DisplayName("[MQTT-4.7.1-3] '+' sharing a level with other characters is refused with 0x80")
  void plusInsideALevelIsRefused() throws Exception {
    try (TestBroker broker = TestBroker.start();
         RawClient client = RawClient.connected(broker, "plus", true)) {
      client.sendBytes(
          0x82, 0x09, // SUBSCRIBE (flags 0010); remaining length 9
          0x00, 0x01, // message id 1
          0x00, 0x04, 'a', '/', '+', 'b', 0x00); // "a/+b" at QoS 0: '+' is not the whole level
      SubackPacket suback = client.expect(SubackPacket.class);
      assertThat(suback.granted()).containsExactly(0x80);
    }
  }
}
