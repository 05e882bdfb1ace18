package dev.aedes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aedes.packet.PubackPacket;
import dev.aedes.packet.PublishPacket;
import dev.aedes.packet.Subscription;
import org.junit.jupiter.api.Test;

/**
 * A delivery that fails on the subscriber's lane (here an authorizeForward hook that throws)
 * for a persistent session whose copy the publisher's acknowledgement waits for: the publisher
 * is never acknowledged, and never left waiting either.
 */
class ForwardHookFailureIT {
  @Test
  void aThrowingForwardHookFailsThePublishInsteadOfHoldingItForever() throws Exception {
    try (TestBroker broker = TestBroker.start(new AedesOptions());
         RawClient sub = RawClient.connected(broker, "keeper", false);
         RawClient pub = RawClient.connected(broker, "pub", true)) {
      sub.subscribe(1, new Subscription("f/#", 1));
      broker.aedes().authorizeForward((client, packet) -> {
        throw new IllegalStateException("hook bug");
      });

      pub.send(new PublishPacket("f/1", new byte[] {1}, 1, 9, false));

      pub.awaitClosed(); // the publish failed: the publisher is closed, not left waiting
      assertThat(pub.pending()).noneMatch(p -> p instanceof PubackPacket);
    }
  }
}
