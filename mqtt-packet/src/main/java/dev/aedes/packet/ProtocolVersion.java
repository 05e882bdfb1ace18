package dev.aedes.packet;

/** The protocol levels this codec speaks: the value of the CONNECT "Protocol Level" byte. */
public final class ProtocolVersion {
  /** MQTT 3.1, protocol name "MQIsdp". */
  public static final int MQTT_3_1 = 3;
  /** MQTT 3.1.1, protocol name "MQTT". */
  public static final int MQTT_3_1_1 = 4;
  /** MQTT 5.0, protocol name "MQTT". */
  public static final int MQTT_5 = 5;

  private ProtocolVersion() {
  }

  /** True for 3, 4 and 5. */
  public static boolean isSupported(int level) {
    return level == MQTT_3_1 || level == MQTT_3_1_1 || level == MQTT_5;
  }

  /** The protocol name a CONNECT at this level must carry. */
  public static String protocolId(int level) {
    return level == MQTT_3_1 ? "MQIsdp" : "MQTT";
  }
}
