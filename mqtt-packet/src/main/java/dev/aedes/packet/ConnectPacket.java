package dev.aedes.packet;

import java.util.Arrays;
import java.util.Objects;

/**
 * CONNECT ([MQTT 5.0] 3.1, [MQTT 3.1.1] 3.1). {@code will}, {@code username} and
 * {@code password} are null when absent. The password array is not copied.
 *
 * @param protocolId "MQTT", or "MQIsdp" for level 3
 * @param protocolVersion 3, 4 or 5
 * @param clean Clean Session (3.1.1) / Clean Start (5)
 * @param keepalive seconds, 0..65535
 */
public record ConnectPacket(String protocolId, int protocolVersion, boolean clean, int keepalive,
    String clientId, Will will, String username, byte[] password, Properties properties)
    implements Packet {

  /** Checks the fields. */
  public ConnectPacket {
    Objects.requireNonNull(protocolId, "protocolId");
    Objects.requireNonNull(clientId, "clientId");
    if (keepalive < 0 || keepalive > 0xFFFF) {
      throw new IllegalArgumentException("keepalive must be 0..65535: " + keepalive);
    }
    if (protocolVersion < 0 || protocolVersion > 0xFF) {
      throw new IllegalArgumentException("protocolVersion must be one byte: " + protocolVersion);
    }
    properties = PacketChecks.properties(properties);
  }

  /** A CONNECT at the given level with the matching protocol name and no will or credentials. */
  public static ConnectPacket of(int protocolVersion, String clientId, boolean clean,
      int keepalive) {
    return new ConnectPacket(ProtocolVersion.protocolId(protocolVersion), protocolVersion, clean,
        keepalive, clientId, null, null, null, Properties.EMPTY);
  }

  /** A copy with a will. */
  public ConnectPacket withWill(Will newWill) {
    return new ConnectPacket(protocolId, protocolVersion, clean, keepalive, clientId, newWill,
        username, password, properties);
  }

  /** A copy with credentials. */
  public ConnectPacket withCredentials(String newUsername, byte[] newPassword) {
    return new ConnectPacket(protocolId, protocolVersion, clean, keepalive, clientId, will,
        newUsername, newPassword, properties);
  }

  /** A copy with these properties. */
  public ConnectPacket withProperties(Properties newProperties) {
    return new ConnectPacket(protocolId, protocolVersion, clean, keepalive, clientId, will,
        username, password, newProperties);
  }

  @Override
  public PacketType type() {
    return PacketType.CONNECT;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ConnectPacket c && protocolId.equals(c.protocolId)
        && protocolVersion == c.protocolVersion && clean == c.clean && keepalive == c.keepalive
        && clientId.equals(c.clientId) && Objects.equals(will, c.will)
        && Objects.equals(username, c.username) && Arrays.equals(password, c.password)
        && properties.equals(c.properties);
  }

  @Override
  public int hashCode() {
    return Objects.hash(protocolId, protocolVersion, clean, keepalive, clientId, will, username,
        Arrays.hashCode(password), properties);
  }

  @Override
  public String toString() {
    return "ConnectPacket[protocolId=" + protocolId + ", protocolVersion=" + protocolVersion
        + ", clean=" + clean + ", keepalive=" + keepalive + ", clientId=" + clientId + ", will="
        + will + ", username=" + username + ", password="
        + (password == null ? "null" : "<" + password.length + " bytes>") + ", properties="
        + properties + "]";
  }
}
