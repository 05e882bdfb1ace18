package dev.aedes.connection;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;

/**
 * The single writer of a stream connection: callers queue encoded packets without blocking; one
 * thread writes them in batches, flushes, then completes their callbacks. Pending bytes are
 * counted against the water marks: above the high mark the connection is not writable; when
 * they fall to the low mark it is writable again and the drain listeners run (on this thread).
 */
final class StreamWriter implements Runnable {
  private static final int BATCH = 64;

  private final OutputStream out;
  private final Listeners listeners;
  private final int lowWaterMark;
  private final int highWaterMark;
  private final Consumer<IOException> onFailure;
  private final BlockingQueue<Chunk> queue = new LinkedBlockingQueue<>();
  // Guarded by this: the counters and the closed flag change together with the queue's content.
  private long pending;
  private boolean writable = true;
  private boolean stopped;

  private record Chunk(byte[] bytes, WriteCallback callback) {
  }

  StreamWriter(OutputStream out, Listeners listeners, ConnectionOptions options,
      Consumer<IOException> onFailure) {
    this.out = out;
    this.listeners = listeners;
    this.lowWaterMark = options.writeBufferLowWaterMark();
    this.highWaterMark = options.writeBufferHighWaterMark();
    this.onFailure = onFailure;
  }

  /** Queues bytes for writing; returns whether the connection is still writable. */
  boolean enqueue(byte[] bytes, WriteCallback callback) {
    synchronized (this) {
      if (!stopped) {
        pending += bytes.length;
        if (pending > highWaterMark) {
          writable = false;
        }
        queue.add(new Chunk(bytes, callback));
        return writable;
      }
    }
    listeners.written(callback, new ClosedChannelException());
    return false;
  }

  synchronized long pendingBytes() {
    return pending;
  }

  synchronized boolean isWritable() {
    return writable && !stopped;
  }

  /** Accepts nothing more; whatever is still queued fails when the writer thread ends. */
  synchronized void stop() {
    stopped = true;
  }

  private synchronized boolean isStopped() {
    return stopped;
  }

  @Override
  public void run() {
    List<Chunk> batch = new ArrayList<>(BATCH);
    Throwable failure = null;
    try {
      // Ends when the transport closes: stop() plus an interrupt of a waiting take().
      while (!isStopped()) {
        batch.add(queue.take());
        queue.drainTo(batch, BATCH - 1);
        long bytes = 0;
        for (Chunk chunk : batch) {
          out.write(chunk.bytes());
          bytes += chunk.bytes().length;
        }
        out.flush();
        for (Chunk chunk : batch) {
          listeners.written(chunk.callback(), null);
        }
        batch.clear();
        written(bytes);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      failure = e;
      onFailure.accept(e);
    } finally {
      stop();
      Throwable error = failure != null ? failure : new ClosedChannelException();
      failAll(batch, error);
      List<Chunk> rest = new ArrayList<>();
      queue.drainTo(rest);
      failAll(rest, error);
    }
  }

  private void written(long bytes) {
    boolean drained;
    synchronized (this) {
      pending -= bytes;
      drained = !writable && pending <= lowWaterMark;
      if (drained) {
        writable = true;
      }
    }
    if (drained) {
      listeners.drain();
    }
  }

  private void failAll(List<Chunk> chunks, Throwable error) {
    for (Chunk chunk : chunks) {
      listeners.written(chunk.callback(), error);
    }
    chunks.clear();
  }
}
