package dev.aedes;

import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.Mqtt5RetainHandling;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * MQTT 5 subscription options over real sockets, with the HiveMQ client and Paho mqttv5: No
 * Local, Retain As Published and Retain Handling. "Not delivered" is shown by a marker message
 * published afterwards arriving first.
 */
class SubscriptionOptionsIT {

  private static void subscribe(HiveClient hive, String filter, boolean noLocal, boolean rap,
      Mqtt5RetainHandling rh) {
    hive.client().subscribeWith().topicFilter(filter).qos(MqttQos.AT_LEAST_ONCE)
        .noLocal(noLocal).retainAsPublished(rap).retainHandling(rh).send();
  }

  private static MqttSubscription paho(String filter, boolean noLocal, boolean rap, int rh) {
    MqttSubscription subscription = new MqttSubscription(filter, 1);
    subscription.setNoLocal(noLocal);
    subscription.setRetainAsPublished(rap);
    subscription.setRetainHandling(rh);
    return subscription;
  }

  @Test
  @DisplayName("[MQTT-3.8.3-3] No Local: HiveMQ client's own message is not sent back to it")
  void noLocalWithHiveMq() throws Exception {
    try (TestBroker broker = TestBroker.start();
        HiveClient self = HiveClient.connect(broker, "nl-self");
        HiveClient other = HiveClient.connect(broker, "nl-other")) {
      subscribe(self, "nl/t", true, false, Mqtt5RetainHandling.SEND);
      subscribe(other, "nl/t", false, false, Mqtt5RetainHandling.SEND);
      self.publish("nl/t", "own", 1, false);
      assertThat(HiveClient.payload(other.next())).isEqualTo("own");
      other.publish("nl/t", "marker", 1, false);
      assertThat(HiveClient.payload(self.next())).isEqualTo("marker");
    }
  }

  @Test
  @DisplayName("[MQTT-3.8.3-3] No Local: Paho's own message is not sent back, others' are")
  void noLocalWithPaho() throws Exception {
    try (TestBroker broker = TestBroker.start();
        Paho5Client self = Paho5Client.connect(broker, "nl-paho");
        Paho5Client other = Paho5Client.connect(broker, "nl-paho-other")) {
      assertThat(self.subscribe(paho("nl/p", true, false, 0), null)).containsExactly(1);
      self.publish("nl/p", "own", 1, false);
      other.publish("nl/p", "marker", 1, false);
      assertThat(self.next().payload()).isEqualTo("marker");
    }
  }

  @Test
  @DisplayName("[MQTT-3.3.1-12] [MQTT-3.3.1-13] Retain As Published keeps the flag, "
      + "without it the flag is cleared (HiveMQ)")
  void retainAsPublishedWithHiveMq() throws Exception {
    try (TestBroker broker = TestBroker.start();
        HiveClient keeps = HiveClient.connect(broker, "rap-keeps");
        HiveClient clears = HiveClient.connect(broker, "rap-clears");
        HiveClient publisher = HiveClient.connect(broker, "rap-pub")) {
      subscribe(keeps, "rap/t", false, true, Mqtt5RetainHandling.SEND);
      subscribe(clears, "rap/t", false, false, Mqtt5RetainHandling.SEND);
      publisher.publish("rap/t", "state", 1, true);
      Mqtt5Publish kept = keeps.next();
      Mqtt5Publish cleared = clears.next();
      assertThat(kept.isRetain()).as("retain as published").isTrue();
      assertThat(cleared.isRetain()).as("retain cleared").isFalse();
      publisher.publish("rap/t", "live", 1, false);
      assertThat(keeps.next().isRetain()).as("not retained stays not retained").isFalse();
    }
  }

  @Test
  @DisplayName("[MQTT-3.3.1-12] [MQTT-3.3.1-13] Retain As Published with Paho")
  void retainAsPublishedWithPaho() throws Exception {
    try (TestBroker broker = TestBroker.start();
        Paho5Client keeps = Paho5Client.connect(broker, "rap-paho");
        Paho5Client clears = Paho5Client.connect(broker, "rap-paho-clears")) {
      keeps.subscribe(paho("rap/p", false, true, 0), null);
      clears.subscribe(paho("rap/p", false, false, 0), null);
      clears.publish("rap/p", "state", 1, true);
      assertThat(keeps.next().message().isRetained()).isTrue();
      assertThat(clears.next().message().isRetained()).isFalse();
    }
  }

  @Test
  @DisplayName("[MQTT-3.3.1-9] Retain Handling 0 sends retained messages at every subscribe")
  void retainHandlingZero() throws Exception {
    try (TestBroker broker = TestBroker.start();
        HiveClient client = HiveClient.connect(broker, "rh0")) {
      client.publish("rh/0", "kept", 1, true);
      subscribe(client, "rh/0", false, false, Mqtt5RetainHandling.SEND);
      Mqtt5Publish first = client.next();
      assertThat(HiveClient.payload(first)).isEqualTo("kept");
      assertThat(first.isRetain()).isTrue();
      subscribe(client, "rh/0", false, false, Mqtt5RetainHandling.SEND);
      assertThat(HiveClient.payload(client.next())).isEqualTo("kept");
    }
  }

  @Test
  @DisplayName("[MQTT-3.3.1-10] Retain Handling 1 sends retained messages only for a new "
      + "subscription (HiveMQ)")
  void retainHandlingOneWithHiveMq() throws Exception {
    try (TestBroker broker = TestBroker.start();
        HiveClient client = HiveClient.connect(broker, "rh1")) {
      client.publish("rh/1", "kept", 1, true);
      subscribe(client, "rh/1", false, false, Mqtt5RetainHandling.SEND_IF_SUBSCRIPTION_DOES_NOT_EXIST);
      assertThat(HiveClient.payload(client.next())).isEqualTo("kept");
      subscribe(client, "rh/1", false, false, Mqtt5RetainHandling.SEND_IF_SUBSCRIPTION_DOES_NOT_EXIST);
      client.publish("rh/1", "marker", 1, false);
      assertThat(HiveClient.payload(client.next())).isEqualTo("marker");
    }
  }

  @Test
  @DisplayName("[MQTT-3.3.1-10] Retain Handling 1 with Paho")
  void retainHandlingOneWithPaho() throws Exception {
    try (TestBroker broker = TestBroker.start();
        Paho5Client client = Paho5Client.connect(broker, "rh1-paho")) {
      client.publish("rh/1p", "kept", 1, true);
      client.subscribe(paho("rh/1p", false, false, 1), null);
      assertThat(client.next().payload()).isEqualTo("kept");
      client.subscribe(paho("rh/1p", false, false, 1), null);
      client.publish("rh/1p", "marker", 1, false);
      assertThat(client.next().payload()).isEqualTo("marker");
    }
  }

  @Test
  @DisplayName("[MQTT-3.3.1-11] Retain Handling 2 never sends retained messages at subscribe")
  void retainHandlingTwo() throws Exception {
    try (TestBroker broker = TestBroker.start();
        HiveClient hive = HiveClient.connect(broker, "rh2");
        Paho5Client paho = Paho5Client.connect(broker, "rh2-paho")) {
      hive.publish("rh/2", "kept", 1, true);
      subscribe(hive, "rh/2", false, false, Mqtt5RetainHandling.DO_NOT_SEND);
      paho.subscribe(paho("rh/2", false, false, 2), null);
      hive.publish("rh/2", "marker", 1, false);
      assertThat(HiveClient.payload(hive.next())).isEqualTo("marker");
      assertThat(paho.next().payload()).isEqualTo("marker");
    }
  }
}
