package dev.aedes.memory;

import dev.aedes.spi.MQEmitter;
import dev.aedes.spi.MQEmitterContractTest;

class MemoryEmitterTest extends MQEmitterContractTest {
  @Override
  protected MQEmitter createEmitter() {
    return new MemoryEmitter();
  }
}
