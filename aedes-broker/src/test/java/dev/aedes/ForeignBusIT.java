package dev.aedes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.aedes.memory.MemoryEmitter;
import dev.aedes.packet.PublishPacket;
import dev.aedes.spi.MQEmitter;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A bus other than the in-process one, which routes each message on its own thread after the
 * emit returns (as a cluster bus delivers what it receives): the router then finds who published
 * a message through its shared map rather than the emitting thread's, so No Local, persistent
 * sessions and QoS 2 releases work the same.
 */
class ForeignBusIT {
  private final ExecutorService busThread = Executors.newSingleThreadExecutor();

  /** Hands every emit to one other thread, in order, and routes it there in-process. */
  private final class HoppingEmitter implements MQEmitter {
    private final MemoryEmitter inner = new MemoryEmitter();

    @Override
    public CompletionStage<Void> on(String topicFilter, Listener listener) {
      return inner.on(topicFilter, listener);
    }

    @Override
    public CompletionStage<Void> removeListener(String topicFilter, Listener listener) {
      return inner.removeListener(topicFilter, listener);
    }

    @Override
    public CompletionStage<Void> emit(PublishPacket packet) {
      return CompletableFuture.supplyAsync(() -> inner.emit(packet), busThread)
          .thenCompose(routed -> routed);
    }

    @Override
    public CompletionStage<Void> close() {
      return inner.close();
    }
  }

  @AfterEach
  void stopBus() {
    busThread.shutdownNow();
  }

  private TestBroker start(AedesOptions options) throws InterruptedException {
    return TestBroker.start(options.mq(new HoppingEmitter()));
  }

  @Test
  @DisplayName("[MQTT-3.8.3-3] No Local over a bus that routes on another thread")
  void noLocalHoldsWhenTheBusRoutesElsewhere() throws Exception {
    try (TestBroker broker = start(new AedesOptions());
        Paho5Client self = Paho5Client.connect(broker, "nl-self");
        Paho5Client other = Paho5Client.connect(broker, "nl-other")) {
      MqttSubscription noLocal = new MqttSubscription("nl/t", 1);
      noLocal.setNoLocal(true);
      assertThat(self.subscribe(noLocal, null)).containsExactly(1);
      self.publish("nl/t", "own", 1, false);
      other.publish("nl/t", "marker", 1, false);
      assertThat(self.next().payload()).isEqualTo("marker");
      assertThat(self.pending()).isZero();
    }
  }

  @Test
  void aPersistentSubscriberGetsEveryQos1AndQos2MessageOnceWithDeferredWrites()
      throws Exception {
    try (TestBroker broker = start(new AedesOptions().inflightWriteDelay(1_000));
        Paho5Client sub = Paho5Client.connect(broker, "bus-sub", false, 3600L);
        Paho5Client pub = Paho5Client.connect(broker, "bus-pub")) {
      sub.subscribe("bus/#", 2);
      for (int i = 0; i < 20; i++) {
        pub.publish("bus/" + i, "m" + i, 1 + i % 2, false); // waits for PUBACK or PUBCOMP
      }
      for (int i = 0; i < 20; i++) {
        assertThat(sub.next().payload()).isEqualTo("m" + i);
      }
      await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
          .until(() -> sub.pending() == 0);
      // the ten QoS 1 copies went through the deferred writes (QoS 2 copies never do)
      assertThat(broker.aedes().deferredWrites(true) + broker.aedes().deferredWrites(false))
          .isEqualTo(10);
    }
  }
}
