package dev.aedes.packet;

import net.jqwik.api.lifecycle.AroundContainerHook;
import net.jqwik.api.lifecycle.ContainerLifecycleContext;

/**
 * The leak check of {@link LeakDetectorExtension} for jqwik containers, which JUnit Jupiter
 * extensions do not reach: add it with {@code @AddLifecycleHook(JqwikLeakCheck.class)}.
 */
public final class JqwikLeakCheck implements AroundContainerHook {
  @Override
  public void beforeContainer(ContainerLifecycleContext context) {
    LeakDetectorExtension.install();
  }

  @Override
  public void afterContainer(ContainerLifecycleContext context) {
    LeakDetectorExtension.assertNoLeaks(context.label());
  }
}
