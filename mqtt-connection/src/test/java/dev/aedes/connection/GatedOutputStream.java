package dev.aedes.connection;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** A peer that stops reading: writes block until {@link #open()}, then land in memory. */
final class GatedOutputStream extends OutputStream {
  private final CountDownLatch gate = new CountDownLatch(1);
  private final ByteArrayOutputStream received = new ByteArrayOutputStream();

  void open() {
    gate.countDown();
  }

  synchronized byte[] received() {
    return received.toByteArray();
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] bytes, int offset, int length) throws IOException {
    try {
      if (!gate.await(10, TimeUnit.SECONDS)) {
        throw new IOException("gate never opened");
      }
    } catch (InterruptedException e) {
      throw new InterruptedIOException();
    }
    synchronized (this) {
      received.write(bytes, offset, length);
    }
  }
}
