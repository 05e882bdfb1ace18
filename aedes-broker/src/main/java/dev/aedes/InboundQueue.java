package dev.aedes;

import dev.aedes.packet.Packet;
import dev.aedes.packet.PacketException;
import dev.aedes.packet.PublishPacket;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Processes a client's packets one at a time, in order: the next packet waits until the
 * previous one's work (hooks, persistence, the {@code published} hook) is done. While packets
 * pile up the socket is not read (backpressure), and before the session is set up at most
 * {@code queueLimit} packets may wait.
 */
final class InboundQueue {
  /** Stop reading the socket when this many packets wait. */
  private static final int PAUSE_AT = 64;

  private final Client client;
  private final ArrayDeque<Packet> queue = new ArrayDeque<>();
  private boolean busy;

  InboundQueue(Client client) {
    this.client = client;
  }

  /** Takes a packet read from the connection; runs on the client's lane. */
  void push(Packet packet) {
    if (client.closed) {
      return;
    }
    client.keepAlive.touch();
    if (!client.accepted && queue.size() >= client.broker.options.queueLimit()) {
      ClientLifecycle.fail(client, new IllegalStateException("Client queue limit reached"));
      return;
    }
    try {
      FlowControl.received(client, packet); // Receive Maximum counts on arrival
    } catch (PacketException e) {
      ClientLifecycle.fail(client, e);
      return;
    }
    if (packet instanceof PublishPacket publish && publish.qos() == 2) {
      client.receivedQos2 = true;
    }
    queue.add(packet);
    if (queue.size() >= PAUSE_AT) {
      setReading(false);
    }
    drain();
  }

  private void drain() {
    while (!busy && !client.closed) {
      Packet packet = queue.poll();
      if (packet == null) {
        setReading(true);
        return;
      }
      busy = true;
      CompletableFuture<Void> work = dispatch(packet).toCompletableFuture();
      if (work.isDone()) {
        busy = false;
        FlowControl.answered(client, packet);
        if (!finishedWell(work)) {
          return;
        }
        continue;
      }
      work.whenComplete((v, e) -> client.lane.execute(() -> {
        busy = false;
        FlowControl.answered(client, packet);
        if (finishedWell(work)) {
          drain();
        }
      }));
    }
  }

  private CompletionStage<Void> dispatch(Packet packet) {
    try {
      return PacketDispatcher.dispatch(client, packet);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private boolean finishedWell(CompletableFuture<Void> work) {
    if (!work.isCompletedExceptionally()) {
      return true;
    }
    try {
      work.join();
    } catch (RuntimeException e) {
      ClientLifecycle.fail(client, e.getCause() != null ? e.getCause() : e);
    }
    return false;
  }

  private void setReading(boolean read) {
    client.readGate.set(ReadGate.INBOUND, !read); // no change, no work
  }
}
