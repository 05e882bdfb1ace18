package dev.aedes.connection;

/**
 * Told when a packet's bytes have been written to the transport, or why they were not: an
 * {@link IllegalArgumentException} for a packet the generator refused, an I/O error, or a
 * closed connection.
 */
@FunctionalInterface
public interface WriteCallback {
  /**
   * @param errorOrNull null when the bytes went out, otherwise the reason they did not
   */
  void done(Throwable errorOrNull);
}
