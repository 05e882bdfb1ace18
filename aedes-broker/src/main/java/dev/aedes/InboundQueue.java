package dev.aedes;

import dev.aedes.packet.Packet;
import dev.aedes.packet.PacketException;
import dev.aedes.packet.PubackPacket;
import dev.aedes.packet.PublishPacket;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Processes a client's packets in order: the next packet waits until the previous one's work
 * (hooks, persistence, the {@code published} hook) is done. While packets pile up the socket is
 * not read (backpressure), and before the session is set up at most {@code queueLimit} packets
 * may wait.
 *
 * <p>One exception keeps a persistent session's publisher from waiting a store turn per
 * message: a QoS 1 PUBLISH only holds up the next packet until it is on the bus. Its PUBACK
 * waits for the stores, and PUBACKs go out in the order of their PUBLISHes ([MQTT-4.6.0-2]),
 * at most {@link #MAX_PIPELINED} waiting. Meanwhile further QoS 0/1 PUBLISHes are routed behind
 * it, and acknowledgements of the client's own deliveries and PINGREQ are handled (so a PUBACK
 * can clear a stored delivery in the same store turn that wrote it). Any other packet waits
 * until every PUBACK is sent.
 */
final class InboundQueue {
  /** Stop reading the socket when this many packets wait. */
  private static final int PAUSE_AT = 64;
  /** At most this many QoS 1 PUBLISH on the bus and waiting for their PUBACK. */
  static final int MAX_PIPELINED = 32;
  private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

  private final Client client;
  private final ArrayDeque<Packet> queue = new ArrayDeque<>();
  /** QoS 1 PUBLISH routed and not yet answered, in arrival order. */
  private final ArrayDeque<Answer> answers = new ArrayDeque<>();
  private boolean busy;

  private record Answer(PublishPacket packet, CompletableFuture<PubackPacket> puback) {
  }

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
      Packet packet = queue.peek();
      if (packet == null) {
        setReading(true);
        return;
      }
      boolean pipelined = pipelines(packet);
      if (!answers.isEmpty() && (pipelined ? answers.size() >= MAX_PIPELINED
          : !passesAnswers(packet))) {
        return; // drained again as PUBACKs go out
      }
      queue.poll();
      if (pipelined) {
        publishQos1((PublishPacket) packet);
        continue;
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

  /** A QoS 1 PUBLISH of a client with a session: its PUBACK may wait while others go on. */
  private boolean pipelines(Packet packet) {
    return client.accepted && packet instanceof PublishPacket publish && publish.qos() == 1;
  }

  /** Packets that need not wait for earlier PUBLISHes' PUBACKs. */
  private static boolean passesAnswers(Packet packet) {
    return switch (packet.type()) {
      case PUBLISH -> ((PublishPacket) packet).qos() == 0; // routed behind them, in order
      case PUBACK, PUBREC, PUBCOMP, PINGREQ -> true; // about the broker's own deliveries
      default -> false;
    };
  }

  /**
   * Routes a QoS 1 PUBLISH; the next packet waits only until it is on the bus. Its PUBACK is
   * sent once it and every earlier one are answered.
   */
  private void publishQos1(PublishPacket packet) {
    busy = true;
    CompletableFuture<Void> routed = new CompletableFuture<>();
    CompletableFuture<PubackPacket> puback;
    try {
      puback = PublishHandler.handleQos1(client, FlowControl.admit(client, packet), routed)
          .toCompletableFuture();
    } catch (RuntimeException e) {
      puback = CompletableFuture.failedFuture(e);
      routed = DONE;
    }
    if (puback.isDone() && (answers.isEmpty() || puback.isCompletedExceptionally())) {
      // answered at once (no store, or clean sessions only): no bookkeeping; a refusal at
      // MQTT 3.1.1 closes the connection now, before any later PUBLISH is routed
      busy = false;
      answer(packet, puback);
      return;
    }
    answers.add(new Answer(packet, puback));
    // the stores' completion comes back to the lane already (Router.emit): no second hop then
    puback.whenComplete((v, e) -> {
      if (client.lane.inLane()) {
        sendAnswers();
      } else {
        client.lane.execute(this::sendAnswers);
      }
    });
    if (routed.isDone()) {
      busy = false;
    } else {
      routed.whenComplete((v, e) -> client.lane.execute(() -> {
        busy = false;
        drain();
      }));
    }
  }

  /** Sends the PUBACKs that are ready, in order, then takes the next packets. */
  private void sendAnswers() {
    while (!answers.isEmpty() && answers.peek().puback().isDone()) {
      Answer head = answers.poll();
      if (!answer(head.packet(), head.puback())) {
        answers.clear();
        return;
      }
    }
    for (Answer waiting : answers) {
      if (waiting.puback().isCompletedExceptionally()) {
        answer(waiting.packet(), waiting.puback()); // fails the client: nothing more is routed
        answers.clear();
        return;
      }
    }
    drain();
  }

  /** Sends one PUBACK, or fails the client with the publish's error; false when closed. */
  private boolean answer(PublishPacket packet, CompletableFuture<PubackPacket> puback) {
    FlowControl.answered(client, packet);
    if (client.closed) {
      return false;
    }
    if (puback.isCompletedExceptionally()) {
      finishedWell(puback.thenApply(p -> (Void) null));
      return false;
    }
    client.conn.puback(puback.join());
    return true;
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
