package dev.aedes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** A second connection with a client id in use takes it over (3.1.1 section 3.1.4). */
class TakeoverIT {
  @Test
  @DisplayName("[MQTT-3.1.4-2] a second connection with the same client id closes the first")
  void secondConnectionWithSameIdClosesTheFirst() throws Exception {
    try (TestBroker broker = TestBroker.start()) {
      List<Client> connected = new CopyOnWriteArrayList<>();
      List<Client> disconnected = new CopyOnWriteArrayList<>();
      broker.aedes().onClient(connected::add);
      broker.aedes().onClientDisconnect(disconnected::add);
      try (RawClient first = RawClient.connected(broker, "twin", true)) {
        await().until(() -> connected.size() == 1);
        Client firstClient = connected.get(0);
        try (PahoClient second = PahoClient.connect(broker, "twin", true)) {
          first.awaitClosed();
          await().until(() -> disconnected.contains(firstClient));
          assertThat(connected).hasSize(2);
          Client secondClient = connected.get(1);
          assertThat(secondClient.id()).isEqualTo("twin");
          assertThat(secondClient.connected()).isTrue();
          assertThat(firstClient.closed()).isTrue();
          assertThat(broker.aedes().connectedClients()).isEqualTo(1);
          second.subscribe("twin/echo", 1);
          second.publish("twin/echo", "still works", 1, false);
          assertThat(second.next().payload()).isEqualTo("still works");
          assertThat(disconnected).as("the second connection stays").doesNotContain(secondClient);
        }
      }
    }
  }

  @Test
  @DisplayName("[MQTT-3.1.4-2] [MQTT-3.2.2-2] a persistent session passes to the connection that takes over")
  void takeoverKeepsThePersistentSession() throws Exception {
    try (TestBroker broker = TestBroker.start();
         PahoClient publisher = PahoClient.connect(broker, "pub", true)) {
      try (PahoClient first = PahoClient.connect(broker, "heir", false)) {
        first.subscribe("heir/#", 1);
        try (PahoClient second = PahoClient.connect(broker, "heir", false)) {
          assertThat(second.sessionPresent()).isTrue();
          publisher.publish("heir/x", "inherited", 1, false);
          assertThat(second.next().payload()).isEqualTo("inherited");
          await().until(() -> !first.isConnected());
        }
      }
    }
  }
}
