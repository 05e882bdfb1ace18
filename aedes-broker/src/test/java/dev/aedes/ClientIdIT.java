package dev.aedes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.aedes.packet.ConnackPacket;
import dev.aedes.packet.ConnectPacket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Client identifiers (3.1.1 section 3.1.3.1), sent by a raw Connection that checks nothing. */
class ClientIdIT {
  @Test
  @DisplayName("[MQTT-3.1.3-6] a zero-length id with Clean Session is accepted and given an id")
  void emptyClientIdWithCleanSessionIsAcceptedWithGeneratedId() throws Exception {
    try (TestBroker broker = TestBroker.start();
         RawClient client = RawClient.open(broker)) {
      List<Client> clients = new CopyOnWriteArrayList<>();
      broker.aedes().onClient(clients::add);
      ConnackPacket connack = client.connect(ConnectPacket.of(4, "", true, 0));
      assertThat(connack.returnCode()).isZero();
      assertThat(connack.sessionPresent()).isFalse();
      await().until(() -> clients.size() == 1);
      assertThat(clients.get(0).id()).startsWith("aedes_").hasSizeGreaterThan("aedes_".length());
    }
  }

  @Test
  @DisplayName("[MQTT-3.1.3-8] a zero-length id without Clean Session is refused with return code 2")
  void emptyClientIdWithPersistentSessionIsRefused() throws Exception {
    try (TestBroker broker = TestBroker.start();
         RawClient client = RawClient.open(broker)) {
      List<Throwable> errors = new CopyOnWriteArrayList<>();
      broker.aedes().onConnectionError((c, error) -> errors.add(error));
      ConnackPacket connack = client.connect(ConnectPacket.of(4, "", false, 0));
      assertThat(connack.returnCode()).isEqualTo(2);
      assertThat(connack.sessionPresent()).as("[MQTT-3.2.2-4]").isFalse();
      client.awaitClosed(); // [MQTT-3.2.2-5]
      assertThat(errors).hasSize(1);
    }
  }

  @Test
  @DisplayName("[MQTT-3.1.3-9] an id longer than maxClientsIdLength is refused with return code 2")
  void clientIdLongerThanTheLimitIsRefused() throws Exception {
    try (TestBroker broker = TestBroker.start(new AedesOptions().maxClientsIdLength(8));
         RawClient tooLong = RawClient.open(broker);
         RawClient atLimit = RawClient.open(broker)) {
      assertThat(tooLong.connect(ConnectPacket.of(4, "123456789", true, 0)).returnCode())
          .isEqualTo(2);
      tooLong.awaitClosed();
      assertThat(atLimit.connect(ConnectPacket.of(4, "12345678", true, 0)).returnCode()).isZero();
    }
  }

  @Test
  @DisplayName("[MQTT-3.1.3-5] the default limit accepts 23 characters")
  void clientIdOfTwentyThreeCharactersIsAcceptedByDefault() throws Exception {
    try (TestBroker broker = TestBroker.start();
         RawClient client = RawClient.open(broker)) {
      String id = "abcdefghijklmnopqrstuvw";
      assertThat(client.connect(ConnectPacket.of(4, id, false, 0)).returnCode()).isZero();
    }
  }

  @Test
  @DisplayName("MQTT 3.1 (MQIsdp) requires a client id of 1 to 23 characters: empty refused with 2")
  void emptyClientIdIsRefusedForMqtt31() throws Exception {
    try (TestBroker broker = TestBroker.start();
         RawClient client = RawClient.open(broker)) {
      assertThat(client.connect(ConnectPacket.of(3, "", true, 0)).returnCode()).isEqualTo(2);
      client.awaitClosed();
    }
  }
}
