package dev.aedes.connection;

import dev.aedes.packet.Generator;
import dev.aedes.packet.Packet;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketAddress;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A connection over an {@link InputStream}/{@link OutputStream} pair, with a daemon reader thread
 * and a daemon writer thread. It closes on end of stream, on an I/O error (reported to the error
 * listeners first) or on {@link #close()}; closing closes both streams.
 */
final class StreamTransport implements Transport {
  private final InputStream in;
  private final OutputStream out;
  private final Listeners listeners;
  private final ProtocolLevel level;
  private final StreamWriter writer;
  private final Thread readerThread;
  private final Thread writerThread;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final AtomicBoolean reading = new AtomicBoolean();
  private final boolean autoRead;

  StreamTransport(InputStream in, OutputStream out, Listeners listeners, ProtocolLevel level,
      ConnectionOptions options) {
    this.in = in;
    this.out = out;
    this.listeners = listeners;
    this.level = level;
    this.autoRead = options.autoRead();
    this.writer = new StreamWriter(out, listeners, options, this::closeWith);
    StreamReader reader =
        new StreamReader(in, options.maxPacketSize(), listeners, level, this::closeWith);
    String id = Integer.toHexString(System.identityHashCode(this));
    this.readerThread = daemon(reader, "mqtt-connection-reader-" + id);
    this.writerThread = daemon(writer, "mqtt-connection-writer-" + id);
  }

  /** Starts writing, and reading unless told not to; called once the connection exists. */
  void start() {
    writerThread.start();
    if (autoRead) {
      startReading();
    }
  }

  @Override
  public void startReading() {
    if (!closed.get() && reading.compareAndSet(false, true)) {
      readerThread.start();
    }
  }

  @Override
  public boolean write(Packet packet, WriteCallback callback) {
    if (closed.get()) {
      listeners.written(callback, new ClosedChannelException());
      return false;
    }
    byte[] bytes;
    try {
      bytes = encode(packet, level.get());
    } catch (IllegalArgumentException e) {
      listeners.written(callback, e);
      return isWritable();
    }
    return writer.enqueue(bytes, callback);
  }

  @Override
  public long pendingWriteBytes() {
    return writer.pendingBytes();
  }

  @Override
  public boolean isWritable() {
    return !closed.get() && writer.isWritable();
  }

  @Override
  public boolean isOpen() {
    return !closed.get();
  }

  @Override
  public SocketAddress remoteAddress() {
    return null;
  }

  @Override
  public Channel channel() {
    return null;
  }

  @Override
  public void close() {
    closeWith(null);
  }

  /** The first close wins: reports its cause (null = clean end), closes, runs close listeners. */
  private void closeWith(IOException cause) {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    if (cause != null) {
      listeners.error(cause);
    }
    writer.stop();
    closeQuietly(out);
    closeQuietly(in);
    // Unblocks a read or write that closing the stream alone does not (pipes, some sockets).
    interruptUnlessCurrent(readerThread);
    interruptUnlessCurrent(writerThread);
    listeners.close();
  }

  /** Encodes into an exact-size array: the size pass validates before anything is written. */
  private static byte[] encode(Packet packet, int version) {
    byte[] bytes = new byte[Generator.size(packet, version)];
    Generator.write(packet, version, Unpooled.wrappedBuffer(bytes).clear());
    return bytes;
  }

  private static Thread daemon(Runnable task, String name) {
    Thread thread = new Thread(task, name);
    thread.setDaemon(true);
    return thread;
  }

  private static void interruptUnlessCurrent(Thread thread) {
    if (thread != Thread.currentThread()) {
      thread.interrupt();
    }
  }

  private static void closeQuietly(Closeable closeable) {
    try {
      closeable.close();
    } catch (IOException e) {
      // Closing after the connection is already closed for another reason: nothing to report.
    }
  }
}
