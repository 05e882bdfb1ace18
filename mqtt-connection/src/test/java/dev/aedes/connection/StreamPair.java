package dev.aedes.connection;

import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.UncheckedIOException;

/**
 * Two in-memory pipes that stand in for a socket: what the client writes the server reads, and
 * the other way round.
 */
final class StreamPair {
  private static final int PIPE_SIZE = 64 * 1024;

  final PipedInputStream serverIn = new PipedInputStream(PIPE_SIZE);
  final PipedOutputStream clientOut;
  final PipedInputStream clientIn = new PipedInputStream(PIPE_SIZE);
  final PipedOutputStream serverOut;

  StreamPair() {
    try {
      clientOut = new PipedOutputStream(serverIn);
      serverOut = new PipedOutputStream(clientIn);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
