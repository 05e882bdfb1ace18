package dev.aedes.packet;

/** Range checks shared by the packet records' constructors. */
final class PacketChecks {
  private PacketChecks() {
  }

  static void qos(int qos) {
    if (qos < 0 || qos > 2) {
      throw new IllegalArgumentException("qos must be 0, 1 or 2: " + qos);
    }
  }

  static void messageId(int messageId) {
    if (messageId < 0 || messageId > 0xFFFF) {
      throw new IllegalArgumentException("messageId must be 0..65535: " + messageId);
    }
  }

  static void nonZeroMessageId(int messageId) {
    if (messageId < 1 || messageId > 0xFFFF) {
      throw new IllegalArgumentException("messageId must be 1..65535: " + messageId); // [MQTT-2.2.1-3]
    }
  }

  static void reasonCode(int reasonCode) {
    if (reasonCode < 0 || reasonCode > 0xFF) {
      throw new IllegalArgumentException("reasonCode must be one byte: " + reasonCode);
    }
  }

  static Properties properties(Properties properties) {
    return properties == null ? Properties.EMPTY : properties;
  }
}
