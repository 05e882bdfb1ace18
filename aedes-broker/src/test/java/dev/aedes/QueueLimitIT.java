package dev.aedes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.aedes.packet.ConnectPacket;
import dev.aedes.packet.PingreqPacket;
import dev.aedes.packet.ProtocolVersion;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** queueLimit: packets sent while CONNECT is still being authenticated. */
class QueueLimitIT {
  @Test
  void clientOverflowingTheQueueBeforeConnackIsClosed() throws Exception {
    try (TestBroker broker = TestBroker.start(new AedesOptions().queueLimit(2))) {
      CompletableFuture<Boolean> lateAnswer = new CompletableFuture<>();
      broker.aedes().authenticate((c, u, p) -> lateAnswer);
      List<Throwable> errors = new CopyOnWriteArrayList<>();
      List<String> clients = new CopyOnWriteArrayList<>();
      broker.aedes().onConnectionError((c, e) -> errors.add(e));
      broker.aedes().onClient(c -> clients.add(c.id()));
      try (RawClient raw = RawClient.open(broker)) {
        raw.conn().connect(ConnectPacket.of(ProtocolVersion.MQTT_3_1_1, "hasty", true, 0));
        for (int i = 0; i < 5; i++) {
          raw.conn().pingreq(PingreqPacket.INSTANCE);
        }
        raw.awaitClosed();
        await().until(() -> !errors.isEmpty());
        assertThat(errors).singleElement()
            .satisfies(e -> assertThat(e).hasMessage("Client queue limit reached"));
        lateAnswer.complete(true); // too late: the client is gone
        assertThat(raw.poll(0)).as("no CONNACK, no PINGRESP").isNull();
      }
      assertThat(clients).isEmpty();
      assertThat(broker.aedes().connectedClients()).isZero();
    }
  }
}
