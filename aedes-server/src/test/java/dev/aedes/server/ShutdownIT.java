package dev.aedes.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aedes.memory.MemoryPersistence;
import dev.aedes.spi.Persistence;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.junit.jupiter.api.Test;

/** Graceful shutdown: clients closed (wills published), then the persistence destroyed. */
class ShutdownIT {
  @Test
  void closeDestroysThePersistenceOnceAfterTheBrokerWroteWills() throws Exception {
    List<String> calls = new CopyOnWriteArrayList<>();
    Persistence recording = recording(new MemoryPersistence(), calls);
    AedesServer server = AedesServer.start(ServerConfig.load(new String[] {
        "--tcp-host=127.0.0.1", "--tcp-port=0", "--http-enabled=false"}, Map.of()),
        aedes -> { }, () -> recording);
    MqttConnectOptions options = PahoClient.options(null);
    options.setWill("wills/w", "gone".getBytes(), 1, true);
    try (PahoClient client = PahoClient.connect(TestServer.uri(server, Listener.TCP), "w",
        options)) {
      server.close();
    }
    server.close(); // idempotent: no second destroy
    assertThat(calls).containsOnlyOnce("destroy").endsWith("destroy");
    assertThat(calls.indexOf("storeRetained")).as("the retained will, stored before destroy")
        .isBetween(0, calls.indexOf("destroy"));
  }

  /** {@code delegate} behind a proxy that records the name of every call. */
  private static Persistence recording(Persistence delegate, List<String> calls) {
    return (Persistence) Proxy.newProxyInstance(Persistence.class.getClassLoader(),
        new Class<?>[] {Persistence.class}, (proxy, method, args) -> {
          calls.add(method.getName());
          try {
            return method.invoke(delegate, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }
}
