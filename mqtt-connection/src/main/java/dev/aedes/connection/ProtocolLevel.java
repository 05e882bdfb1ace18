package dev.aedes.connection;

import dev.aedes.packet.ConnectPacket;
import dev.aedes.packet.ProtocolVersion;

/**
 * The protocol level both directions of one connection use, 3.1.1 until a CONNECT says
 * otherwise: a server learns it from the CONNECT it receives, a client from the CONNECT it sends.
 * Read by the reader and by senders on any thread.
 */
final class ProtocolLevel {
  private final boolean server;
  private volatile int version = ProtocolVersion.MQTT_3_1_1;

  ProtocolLevel(boolean server) {
    this.server = server;
  }

  int get() {
    return version;
  }

  /** The server answers at the level the client asked for. */
  void received(ConnectPacket connect) {
    if (server) {
      version = connect.protocolVersion();
    }
  }

  /** A client speaks, and expects answers, at the level of its CONNECT. */
  void sent(ConnectPacket connect) {
    if (!server) {
      version = connect.protocolVersion();
    }
  }

  boolean isServer() {
    return server;
  }
}
