package dev.aedes.connection;

import dev.aedes.packet.ConnectPacket;
import dev.aedes.packet.Packet;
import dev.aedes.packet.PacketException;
import dev.aedes.packet.Parser;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.Consumer;

/**
 * The reader of a stream connection: feeds whatever arrives to {@link Parser#feed} and hands the
 * packets to the listeners, on its own thread. After a {@link PacketException} it parses nothing
 * more and discards the input until the stream ends. At the end it reports how: null for a clean
 * end of stream, the {@link IOException} otherwise.
 */
final class StreamReader implements Runnable {
  private static final int READ_BUFFER_SIZE = 8192;

  private final InputStream in;
  private final Parser parser;
  private final Listeners listeners;
  private final ProtocolLevel level;
  private final Consumer<IOException> onEnd;

  StreamReader(InputStream in, int maxPacketSize, Listeners listeners, ProtocolLevel level,
      Consumer<IOException> onEnd) {
    this.in = in;
    this.parser = new Parser(maxPacketSize, level.get());
    this.listeners = listeners;
    this.level = level;
    this.onEnd = onEnd;
  }

  @Override
  public void run() {
    byte[] buffer = new byte[READ_BUFFER_SIZE];
    boolean failed = false;
    try {
      int read;
      // Ends at end of stream, or when closing the transport makes read() throw.
      while ((read = in.read(buffer)) >= 0) {
        if (!failed) {
          failed = !feed(buffer, read);
        }
      }
      onEnd.accept(null);
    } catch (IOException e) {
      onEnd.accept(e);
    } finally {
      parser.release();
    }
  }

  private boolean feed(byte[] buffer, int length) {
    // A client's level changes when it sends CONNECT, on whatever thread that happens.
    parser.protocolVersion(level.get());
    try {
      parser.feed(buffer, 0, length, this::received);
      return true;
    } catch (PacketException e) {
      listeners.error(e);
      return false;
    }
  }

  private void received(Packet packet) {
    if (packet instanceof ConnectPacket connect) {
      level.received(connect);
    }
    listeners.packet(packet);
  }
}
