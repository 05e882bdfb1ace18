package dev.aedes.connection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aedes.packet.ConnackPacket;
import dev.aedes.packet.Generator;
import dev.aedes.packet.PublishPacket;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BackpressureTest {
  // 48 bytes at level 4: 2 fixed header + 6 topic + 40 payload.
  private static final PublishPacket PUBLISH = new PublishPacket("load", new byte[40], 0, 0, false);
  private static final int PUBLISH_SIZE = Generator.size(PUBLISH, 4);
  // Netty counts each outbound buffer entry with this overhead (outboundBufferEntrySizeOverhead).
  private static final int NETTY_ENTRY_OVERHEAD = 96;

  @Test
  void streamConnectionIsNotWritableAboveTheHighWaterMarkAndDrainsBelowTheLow() throws Exception {
    GatedOutputStream peer = new GatedOutputStream();
    PipedInputStream silence = new PipedInputStream(new PipedOutputStream());
    ConnectionOptions tiny = ConnectionOptions.DEFAULT.withWriteBufferWaterMarks(16, 100);
    Connection connection = Connection.client(silence, peer, tiny);
    PacketRecorder recorder = PacketRecorder.attach(connection);
    WriteCallbacks callbacks = new WriteCallbacks();
    try {
      // 48, then 96 bytes pending: not above the high mark of 100.
      assertThat(connection.publish(PUBLISH, callbacks.named("first"))).isTrue();
      assertThat(connection.publish(PUBLISH, callbacks.named("second"))).isTrue();
      // 144 bytes pending: the writer is stuck on a peer that does not read.
      assertThat(connection.publish(PUBLISH, callbacks.named("third"))).isFalse();
      assertThat(connection.isWritable()).isFalse();
      assertThat(recorder.drains()).isZero();

      peer.open();

      PacketRecorder.waiting("drain").until(() -> recorder.drains() == 1);
      assertThat(connection.isWritable()).isTrue();
      callbacks.assertAllSucceeded();
      assertThat(peer.received()).hasSize(3 * PUBLISH_SIZE);
    } finally {
      connection.destroy();
    }
  }

  @Test
  void channelConnectionFollowsTheChannelWaterMarksAndDrainsAfterTheFlush() {
    EmbeddedChannel channel = new EmbeddedChannel();
    int high = 2 * (PUBLISH_SIZE + NETTY_ENTRY_OVERHEAD);
    channel.config().setWriteBufferWaterMark(new WriteBufferWaterMark(16, high));
    Connection connection = Connection.client(channel);
    PacketRecorder recorder = PacketRecorder.attach(connection);
    List<Boolean> writable = new ArrayList<>();
    List<Integer> drainsDuringRead = new ArrayList<>();
    // Sends made while a read is in progress wait for the flush at the end of the read.
    connection.onConnack(connack -> {
      for (int i = 0; i < 3; i++) {
        writable.add(connection.publish(PUBLISH));
      }
      writable.add(connection.isWritable());
      drainsDuringRead.add(recorder.drains());
    });
    try {
      channel.writeInbound(Unpooled.wrappedBuffer(
          Generator.toBytes(new ConnackPacket(false, 0), 4)));

      assertThat(writable).containsExactly(true, true, false, false);
      assertThat(drainsDuringRead).containsExactly(0);
      assertThat(recorder.drains()).as("drained by the flush").isEqualTo(1);
      assertThat(connection.isWritable()).isTrue();
      assertThat(outbound(channel)).containsExactly(PUBLISH_SIZE, PUBLISH_SIZE, PUBLISH_SIZE);
    } finally {
      channel.finishAndReleaseAll();
    }
  }

  private static List<Integer> outbound(EmbeddedChannel channel) {
    List<Integer> sizes = new ArrayList<>();
    for (ByteBuf buf; (buf = channel.readOutbound()) != null; ) {
      sizes.add(buf.readableBytes());
      buf.release();
    }
    return sizes;
  }
}
