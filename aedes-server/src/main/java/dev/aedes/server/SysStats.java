package dev.aedes.server;

import dev.aedes.Aedes;
import dev.aedes.packet.PublishPacket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The counters of {@code /metrics} also as {@code $SYS/<id>/...} messages every
 * {@code sys.interval}, as Mosquitto's {@code $SYS/broker} tree and aedes-stats do: QoS 0, not
 * retained, the payload a decimal number. Subscribe to {@code $SYS/#} to read them.
 */
final class SysStats {
  private final Aedes aedes;
  private final Map<String, LongSupplier> values = new LinkedHashMap<>();
  private ScheduledFuture<?> task;

  SysStats(Aedes aedes, ServerMetrics metrics, long startedAt) {
    this.aedes = aedes;
    values.put("uptime", () -> (System.currentTimeMillis() - startedAt) / 1000);
    values.put("clients/connected", aedes::connectedClients);
    values.put("messages/received", metrics::messagesReceived);
    values.put("messages/sent", metrics::messagesSent);
    values.put("messages/dropped", aedes::droppedMessages);
    values.put("messages/queued", aedes::queuedMessages);
    values.put("bytes/received", () -> (long) metrics.bytesReceived.count());
    values.put("bytes/sent", () -> (long) metrics.bytesSent.count());
    values.put("retained/count", aedes::retainedCount);
    values.put("subscriptions/count", metrics::subscriptions);
  }

  /** Publishes every {@code intervalMillis} on {@code timer} (0: never). */
  void start(ScheduledExecutorService timer, long intervalMillis) {
    if (intervalMillis > 0) {
      task = timer.scheduleAtFixedRate(this::publish, intervalMillis, intervalMillis,
          TimeUnit.MILLISECONDS);
    }
  }

  void stop() {
    if (task != null) {
      task.cancel(false);
    }
  }

  /** One round of messages. */
  void publish() {
    if (aedes.closed()) {
      return;
    }
    String prefix = "$SYS/" + aedes.id() + "/";
    values.forEach((suffix, value) -> aedes.publish(new PublishPacket(prefix + suffix,
        Long.toString(value.getAsLong()).getBytes(StandardCharsets.UTF_8), 0, 0, false)));
  }
}
