package dev.aedes.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aedes.packet.PublishPacket;
import dev.aedes.spi.MQEmitter;
import dev.aedes.spi.MQEmitterContractTest;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class MemoryEmitterTest extends MQEmitterContractTest {
  @Override
  protected MQEmitter createEmitter() {
    return new MemoryEmitter();
  }

  @Test
  void emitCompletesOnlyOnceEveryListenerCalledDone() {
    MemoryEmitter emitter = new MemoryEmitter();
    List<Runnable> pending = new CopyOnWriteArrayList<>();
    emitter.on("a/#", (packet, done) -> pending.add(done));
    emitter.on("a/b", (packet, done) -> pending.add(done));

    CompletableFuture<Void> emitted = emitter.emit(PublishPacket.of("a/b", "x"))
        .toCompletableFuture();

    assertThat(pending).hasSize(2);
    pending.get(0).run();
    pending.get(0).run(); // a second call counts once
    assertThat(emitted).isNotDone();
    pending.get(1).run();
    assertThat(emitted).isCompleted();
  }

  @Test
  void emitIsCompleteAtOnceWhenListenersAreDoneSynchronously() {
    MemoryEmitter emitter = new MemoryEmitter();
    emitter.on("a", (packet, done) -> done.run());
    emitter.on("a", (packet, done) -> {
      throw new IllegalStateException("expected by the test: a throwing listener counts as done");
    });

    assertThat(emitter.emit(PublishPacket.of("a", "x")).toCompletableFuture()).isCompleted();
    assertThat(emitter.emit(PublishPacket.of("nobody", "x")).toCompletableFuture()).isCompleted();
  }
}
