package dev.aedes.connection;

import dev.aedes.packet.AuthPacket;
import dev.aedes.packet.ConnackPacket;
import dev.aedes.packet.ConnectPacket;
import dev.aedes.packet.DisconnectPacket;
import dev.aedes.packet.Packet;
import dev.aedes.packet.PingreqPacket;
import dev.aedes.packet.PingrespPacket;
import dev.aedes.packet.PubackPacket;
import dev.aedes.packet.PubcompPacket;
import dev.aedes.packet.PublishPacket;
import dev.aedes.packet.PubrecPacket;
import dev.aedes.packet.PubrelPacket;
import dev.aedes.packet.SubackPacket;
import dev.aedes.packet.SubscribePacket;
import dev.aedes.packet.UnsubackPacket;
import dev.aedes.packet.UnsubscribePacket;

/**
 * The typed send methods of a {@link Connection}, one pair per packet type. Each queues the
 * packet, encoded at the connection's protocol level, and returns whether the connection is still
 * writable (when it is not, wait for a drain listener before sending more). The callback, if any,
 * hears when the bytes are written or why they were not; a packet the generator refuses completes
 * it with that {@link IllegalArgumentException} and leaves the connection open.
 */
public abstract sealed class PacketSender permits Connection {
  PacketSender() {
  }

  /**
   * Sends any packet.
   *
   * @param callback told when the bytes are written; null sends failures to the error listeners
   * @return whether the connection is still writable
   */
  public abstract boolean send(Packet packet, WriteCallback callback);

  /** Sends CONNECT; failures go to the error listeners. */
  public boolean connect(ConnectPacket packet) {
    return send(packet, null);
  }

  /** Sends CONNECT and tells {@code callback} when it is written. */
  public boolean connect(ConnectPacket packet, WriteCallback callback) {
    return send(packet, callback);
  }

  /** Sends CONNACK; failures go to the error listeners. */
  public boolean connack(ConnackPacket packet) {
    return send(packet, null);
  }

  /** Sends CONNACK and tells {@code callback} when it is written. */
  public boolean connack(ConnackPacket packet, WriteCallback callback) {
    return send(packet, callback);
  }

  /** Sends PUBLISH; failures go to the error listeners. */
  public boolean publish(PublishPacket packet) {
    return send(packet, null);
  }

  /** Sends PUBLISH and tells {@code callback} when it is written. */
  public boolean publish(PublishPacket packet, WriteCallback callback) {
    return send(packet, callback);
  }

  /** Sends PUBACK; failures go to the error listeners. */
  public boolean puback(PubackPacket packet) {
    return send(packet, null);
  }

  /** Sends PUBACK and tells {@code callback} when it is written. */
  public boolean puback(PubackPacket packet, WriteCallback callback) {
    return send(packet, callback);
  }

  /** Sends PUBREC; failures go to the error listeners. */
  public boolean pubrec(PubrecPacket packet) {
    return send(packet, null);
  }

  /** Sends PUBREC and tells {@code callback} when it is written. */
  public boolean pubrec(PubrecPacket packet, WriteCallback callback) {
    return send(packet, callback);
  }

  /** Sends PUBREL; failures go to the error listeners. */
  public boolean pubrel(PubrelPacket packet) {
    return send(packet, null);
  }

  /** Sends PUBREL and tells {@code callback} when it is written. */
  public boolean pubrel(PubrelPacket packet, WriteCallback callback) {
    return send(packet, callback);
  }

  /** Sends PUBCOMP; failures go to the error listeners. */
  public boolean pubcomp(PubcompPacket packet) {
    return send(packet, null);
  }

  /** Sends PUBCOMP and tells {@code callback} when it is written. */
  public boolean pubcomp(PubcompPacket packet, WriteCallback callback) {
    return send(packet, callback);
  }

  /** Sends SUBSCRIBE; failures go to the error listeners. */
  public boolean subscribe(SubscribePacket packet) {
    return send(packet, null);
  }

  /** Sends SUBSCRIBE and tells {@code callback} when it is written. */
  public boolean subscribe(SubscribePacket packet, WriteCallback callback) {
    return send(packet, callback);
  }

  /** Sends SUBACK; failures go to the error listeners. */
  public boolean suback(SubackPacket packet) {
    return send(packet, null);
  }

  /** Sends SUBACK and tells {@code callback} when it is written. */
  public boolean suback(SubackPacket packet, WriteCallback callback) {
    return send(packet, callback);
  }

  /** Sends UNSUBSCRIBE; failures go to the error listeners. */
  public boolean unsubscribe(UnsubscribePacket packet) {
    return send(packet, null);
  }

  /** Sends UNSUBSCRIBE and tells {@code callback} when it is written. */
  public boolean unsubscribe(UnsubscribePacket packet, WriteCallback callback) {
    return send(packet, callback);
  }

  /** Sends UNSUBACK; failures go to the error listeners. */
  public boolean unsuback(UnsubackPacket packet) {
    return send(packet, null);
  }

  /** Sends UNSUBACK and tells {@code callback} when it is written. */
  public boolean unsuback(UnsubackPacket packet, WriteCallback callback) {
    return send(packet, callback);
  }

  /** Sends PINGREQ; failures go to the error listeners. */
  public boolean pingreq(PingreqPacket packet) {
    return send(packet, null);
  }

  /** Sends PINGREQ and tells {@code callback} when it is written. */
  public boolean pingreq(PingreqPacket packet, WriteCallback callback) {
    return send(packet, callback);
  }

  /** Sends PINGRESP; failures go to the error listeners. */
  public boolean pingresp(PingrespPacket packet) {
    return send(packet, null);
  }

  /** Sends PINGRESP and tells {@code callback} when it is written. */
  public boolean pingresp(PingrespPacket packet, WriteCallback callback) {
    return send(packet, callback);
  }

  /** Sends DISCONNECT; failures go to the error listeners. */
  public boolean disconnect(DisconnectPacket packet) {
    return send(packet, null);
  }

  /** Sends DISCONNECT and tells {@code callback} when it is written. */
  public boolean disconnect(DisconnectPacket packet, WriteCallback callback) {
    return send(packet, callback);
  }

  /** Sends AUTH; failures go to the error listeners. */
  public boolean auth(AuthPacket packet) {
    return send(packet, null);
  }

  /** Sends AUTH and tells {@code callback} when it is written. */
  public boolean auth(AuthPacket packet, WriteCallback callback) {
    return send(packet, callback);
  }
}
