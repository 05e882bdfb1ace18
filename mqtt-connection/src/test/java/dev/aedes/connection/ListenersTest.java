package dev.aedes.connection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aedes.packet.PacketType;
import dev.aedes.packet.PingreqPacket;
import dev.aedes.packet.PingrespPacket;
import dev.aedes.packet.PubackPacket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The listener lists of one connection: order, types, close once, adds from many threads. */
class ListenersTest {
  @Test
  @DisplayName("catch-all listeners run first, then those of the packet's type, in order")
  void packetListenersRunInOrderAndOnlyForTheirType() {
    Listeners listeners = new Listeners();
    List<String> seen = new CopyOnWriteArrayList<>();
    listeners.on(PacketType.PUBACK, PubackPacket.class, p -> seen.add("puback1:" + p.messageId()));
    listeners.onPacket(p -> seen.add("any:" + p.type()));
    listeners.on(PacketType.PUBACK, PubackPacket.class, p -> seen.add("puback2"));
    listeners.on(PacketType.PINGRESP, PingrespPacket.class, p -> seen.add("pingresp"));

    listeners.packet(new PubackPacket(7));
    listeners.packet(new PingreqPacket()); // no typed listener: only the catch-all

    assertThat(seen).containsExactly("any:PUBACK", "puback1:7", "puback2", "any:PINGREQ");
  }

  @Test
  @DisplayName("close listeners run once; a throwing listener reaches the error listeners")
  void closeRunsOnceAndErrorsAreReported() {
    Listeners listeners = new Listeners();
    List<String> seen = new CopyOnWriteArrayList<>();
    listeners.onError(e -> seen.add("error:" + e.getMessage()));
    listeners.onClose(() -> {
      throw new IllegalStateException("boom");
    });
    listeners.onClose(() -> seen.add("closed"));

    listeners.close();
    listeners.close();

    assertThat(seen).containsExactly("error:boom", "closed");
    assertThat(listeners.isClosed()).isTrue();
  }

  @Test
  @DisplayName("listeners added from several threads at once are all kept")
  void concurrentAddsAreAllKept() throws Exception {
    Listeners listeners = new Listeners();
    List<Integer> seen = new CopyOnWriteArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> adds = new java.util.ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int thread = t;
        adds.add(pool.submit(() -> {
          for (int i = 0; i < 250; i++) {
            int n = thread * 1000 + i;
            listeners.on(PacketType.PUBACK, PubackPacket.class, p -> seen.add(n));
          }
        }));
      }
      for (Future<?> add : adds) {
        add.get(10, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    listeners.packet(new PubackPacket(1));
    assertThat(seen).hasSize(1000).doesNotHaveDuplicates();
  }
}
