package dev.aedes.bench.load;

import dev.aedes.connection.Connection;
import dev.aedes.packet.ConnackPacket;
import dev.aedes.packet.ConnectPacket;
import dev.aedes.packet.DisconnectPacket;
import dev.aedes.packet.PubackPacket;
import dev.aedes.packet.PubcompPacket;
import dev.aedes.packet.PublishPacket;
import dev.aedes.packet.PubrecPacket;
import dev.aedes.packet.PubrelPacket;
import dev.aedes.packet.SubackPacket;
import dev.aedes.packet.SubscribePacket;
import dev.aedes.packet.Subscription;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One generator client on a {@link Connection}: completes its CONNECT on CONNACK, acknowledges
 * what it receives (PUBACK at QoS 1; PUBREC, then PUBCOMP on PUBREL at QoS 2), hands payloads
 * to its {@link Receiver} and acknowledgements to its {@link Publisher}. Listeners run on the
 * channel's event loop.
 */
final class BenchClient {
  private static final int SUBSCRIBE_ID = 1;
  /** How long a DISCONNECTed client waits for the broker to close before closing itself. */
  private static final long CLOSE_WAIT_MILLIS = 2_000;

  private final Connection connection;
  private final Tracker tracker;
  private final CompletableFuture<BenchClient> connack = new CompletableFuture<>();
  private final CompletableFuture<Void> suback = new CompletableFuture<>();
  private volatile Receiver receiver;
  private volatile Publisher publisher;

  BenchClient(Connection connection, Tracker tracker) {
    this.connection = connection;
    this.tracker = tracker;
    connection.onConnack(this::connacked)
        .onSuback(this::subacked)
        .onPublish(this::published)
        .onPubrel(pubrel -> connection.pubcomp(new PubcompPacket(pubrel.messageId())))
        .onPuback(puback -> acked(puback.messageId()))
        .onPubrec(this::pubrec)
        .onPubcomp(pubcomp -> acked(pubcomp.messageId()))
        .onDrain(() -> {
          Publisher p = publisher;
          if (p != null) {
            p.pump();
          }
        })
        .onError(error -> {
          tracker.error();
          connack.completeExceptionally(error);
        })
        .onClose(() -> {
          tracker.closed();
          connack.completeExceptionally(new IllegalStateException("connection closed"));
          suback.completeExceptionally(new IllegalStateException("connection closed"));
        });
  }

  /** Sends CONNECT; completes on a successful CONNACK. */
  CompletableFuture<BenchClient> connect(ConnectPacket packet) {
    connection.connect(packet);
    return connack;
  }

  /** Subscribes to one filter; completes on a SUBACK that grants it. */
  CompletableFuture<Void> subscribe(String filter, int qos, Receiver newReceiver) {
    this.receiver = newReceiver;
    connection.subscribe(new SubscribePacket(SUBSCRIBE_ID, List.of(new Subscription(filter, qos))));
    return suback;
  }

  void publisher(Publisher newPublisher) {
    this.publisher = newPublisher;
  }

  Connection connection() {
    return connection;
  }

  EventLoop eventLoop() {
    return connection.channel().eventLoop();
  }

  /**
   * DISCONNECT, then waits for the broker to close (it must, [MQTT-3.14.4-2]), closing itself
   * only if that takes over {@link #CLOSE_WAIT_MILLIS}: the side that closes first keeps the
   * TIME_WAIT, and on the generator's side tens of thousands of them make every later connect()
   * search longer for a free ephemeral port. Completes when the channel is closed.
   */
  CompletableFuture<Void> close() {
    CompletableFuture<Void> closed = new CompletableFuture<>();
    Channel channel = connection.channel();
    channel.closeFuture().addListener(f -> closed.complete(null));
    if (connection.isOpen()) {
      connection.disconnect(DisconnectPacket.NORMAL, error -> {
        if (error != null) {
          connection.destroy();
        } else {
          channel.eventLoop().schedule(connection::destroy, CLOSE_WAIT_MILLIS,
              TimeUnit.MILLISECONDS);
        }
      });
    }
    return closed;
  }

  private void connacked(ConnackPacket packet) {
    if (packet.returnCode() == 0) {
      connack.complete(this);
    } else {
      connack.completeExceptionally(
          new IllegalStateException("CONNACK return code " + packet.returnCode()));
    }
  }

  private void subacked(SubackPacket packet) {
    if (packet.granted().stream().anyMatch(code -> code >= 0x80)) {
      suback.completeExceptionally(new IllegalStateException("SUBACK refused: " + packet));
    } else {
      suback.complete(null);
    }
  }

  private void published(PublishPacket packet) {
    if (packet.qos() == 1) {
      connection.puback(new PubackPacket(packet.messageId()));
    } else if (packet.qos() == 2) {
      connection.pubrec(new PubrecPacket(packet.messageId()));
    }
    Receiver r = receiver;
    if (r == null) {
      tracker.error();
    } else {
      r.accept(packet.payload());
    }
  }

  private void pubrec(PubrecPacket packet) {
    connection.pubrel(new PubrelPacket(packet.messageId()));
  }

  private void acked(int messageId) {
    Publisher p = publisher;
    if (p == null) {
      tracker.error();
    } else {
      p.acked(messageId);
    }
  }
}
