package dev.aedes.sys;

import dev.aedes.packet.PublishPacket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;

/**
 * Aedes's {@code $SYS} messages: {@code $SYS/<id>/heartbeat}, {@code new/clients},
 * {@code disconnect/clients}, {@code new/subscribers} and {@code new/unsubscribers} (the last
 * two with a JSON payload {@code {"clientId":..., "subs":[...]}}).
 */
public final class SysTopics {
  private final String prefix;
  private final Consumer<PublishPacket> publisher;

  /** @param publisher publishes a message as the broker itself (no client) */
  public SysTopics(String brokerId, Consumer<PublishPacket> publisher) {
    this.prefix = "$SYS/" + brokerId + "/";
    this.publisher = publisher;
  }

  /** The heartbeat, whose payload is the broker id. */
  public void heartbeat(String brokerId) {
    publish("heartbeat", brokerId);
  }

  public void newClient(String clientId) {
    publish("new/clients", clientId);
  }

  public void disconnectedClient(String clientId) {
    publish("disconnect/clients", clientId);
  }

  /** {@code subs} as (topic, qos) pairs; qos 128 marks a refused subscription. */
  public void newSubscribers(String clientId, List<String> topics, List<Integer> qos) {
    StringBuilder json = new StringBuilder("{\"clientId\":");
    quote(json, clientId).append(",\"subs\":[");
    for (int i = 0; i < topics.size(); i++) {
      if (i > 0) {
        json.append(',');
      }
      json.append("{\"topic\":");
      quote(json, topics.get(i)).append(",\"qos\":").append(qos.get(i)).append('}');
    }
    publish("new/subscribers", json.append("]}").toString());
  }

  public void newUnsubscribers(String clientId, List<String> topics) {
    StringBuilder json = new StringBuilder("{\"clientId\":");
    quote(json, clientId).append(",\"subs\":[");
    for (int i = 0; i < topics.size(); i++) {
      if (i > 0) {
        json.append(',');
      }
      quote(json, topics.get(i));
    }
    publish("new/unsubscribers", json.append("]}").toString());
  }

  private void publish(String suffix, String payload) {
    publisher.accept(new PublishPacket(prefix + suffix,
        payload.getBytes(StandardCharsets.UTF_8), 0, 0, false));
  }

  /** Appends {@code value} as a JSON string literal. */
  static StringBuilder quote(StringBuilder out, String value) {
    out.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"');
  }
}
