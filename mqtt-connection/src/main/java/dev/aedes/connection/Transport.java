package dev.aedes.connection;

import dev.aedes.packet.Packet;
import io.netty.channel.Channel;
import java.net.SocketAddress;

/** What a {@link Connection} writes to and reads from: a Netty channel or a stream pair. */
interface Transport {
  /**
   * Queues a packet encoded at the connection's protocol level.
   *
   * @return whether the transport is still writable
   */
  boolean write(Packet packet, WriteCallback callback);

  boolean isWritable();

  /** Bytes queued for writing that the peer's socket has not taken yet. */
  long pendingWriteBytes();

  boolean isOpen();

  /** The peer's address, or null when the transport has none. */
  SocketAddress remoteAddress();

  /** The Netty channel, or null. */
  Channel channel();

  /** Starts reading when the options said not to read at once; no effect otherwise. */
  void startReading();

  /** Closes the transport; the close listeners run once, now or soon, on any path. */
  void close();
}
