package dev.aedes.packet;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Turns a Netty buffer leak into a failed test class. Registered for every test class through
 * JUnit's extension auto-detection (see junit-platform.properties); surefire runs with
 * {@code -Dio.netty.leakDetectionLevel=paranoid}, so every buffer is tracked.
 */
public final class LeakDetectorExtension implements BeforeAllCallback, AfterAllCallback {
  private static final List<String> LEAKS = new CopyOnWriteArrayList<>();
  private static volatile boolean installed;

  @Override
  public void beforeAll(ExtensionContext context) {
    install();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    assertNoLeaks(context.getDisplayName());
  }

  /** Fails if any tracked buffer leaked; also used by {@link JqwikLeakCheck}. */
  static void assertNoLeaks(String testName) {
    // A leak is reported when the buffer has been collected and a later allocation is tracked.
    for (int i = 0; i < 3; i++) {
      System.gc();
      for (int j = 0; j < 64; j++) {
        ByteBuf heap = Unpooled.buffer(8);
        heap.release();
        ByteBuf pooled = PooledByteBufAllocator.DEFAULT.directBuffer(8);
        pooled.release();
      }
    }
    if (!LEAKS.isEmpty()) {
      String report = String.join("\n", LEAKS);
      LEAKS.clear();
      throw new AssertionError("Netty buffer leak detected after " + testName + ":\n" + report);
    }
  }

  static synchronized void install() {
    if (installed) {
      return;
    }
    installed = true;
    ResourceLeakDetectorFactory.setResourceLeakDetectorFactory(new ResourceLeakDetectorFactory() {
      @Override
      @SuppressWarnings("deprecation")
      public <T> ResourceLeakDetector<T> newResourceLeakDetector(Class<T> resource,
          int samplingInterval, long maxActive) {
        ResourceLeakDetector<T> detector = new ResourceLeakDetector<>(resource, samplingInterval);
        detector.setLeakListener((resourceType, records) ->
            LEAKS.add("LEAK: " + resourceType + "\n" + records));
        return detector;
      }
    });
  }
}
