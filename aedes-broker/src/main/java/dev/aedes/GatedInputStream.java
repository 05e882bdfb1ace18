package dev.aedes;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.concurrent.CountDownLatch;

/**
 * An input stream whose readers wait until it is opened. A stream connection starts reading at
 * once, while the broker wires the client's listeners on its lane; the gate keeps the first
 * bytes (often a CONNECT already buffered) from being parsed before anyone listens.
 */
final class GatedInputStream extends FilterInputStream {
  private final CountDownLatch opened = new CountDownLatch(1);

  GatedInputStream(InputStream in) {
    super(in);
  }

  /** Lets readers through, now and from now on. */
  void open() {
    opened.countDown();
  }

  @Override
  public int read() throws IOException {
    awaitOpen();
    return super.read();
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    awaitOpen();
    return super.read(b, off, len);
  }

  @Override
  public void close() throws IOException {
    open();
    super.close();
  }

  private void awaitOpen() throws IOException {
    try {
      opened.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted before the connection was handled");
    }
  }
}
