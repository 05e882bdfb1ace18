package dev.aedes.topic;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Writers add and remove (pruning branches) while readers match: matching takes no lock, so
 * it must never throw nor miss a value that stays in the tree the whole time.
 */
class TopicTreeConcurrencyTest {
  private static final List<String> FILTERS =
      List.of("a/b", "a/+", "a/#", "#", "+/b", "a/b/c", "a/b/c/d", "x/y/z", "+/+/+");
  private static final int WRITERS = 4;
  private static final int READERS = 3;
  private static final int ROUNDS = 3_000;
  private static final int MAX_READS = 1_000_000;

  private final TopicTree<String, Integer> tree = new TopicTree<>();
  private final ExecutorService threads = Executors.newFixedThreadPool(WRITERS + READERS);

  @AfterEach
  void stop() {
    threads.shutdownNow();
  }

  private static List<String> visits(TopicTree<String, Integer> tree, String topic) {
    List<String> visits = new ArrayList<>();
    tree.match(topic, (key, value) -> visits.add(key));
    return visits;
  }

  private void churn(String key) {
    for (int i = 0; i < ROUNDS; i++) {
      String filter = FILTERS.get(i % FILTERS.size());
      tree.add(filter, key, i);
      if (i % 3 != 0) {
        tree.remove(filter, key);
      }
    }
    for (String filter : FILTERS) {
      tree.remove(filter, key);
    }
    tree.add("a/b", key, 0); // the final state: every writer on "a/b" only
  }

  private void read(AtomicBoolean writing) {
    for (int i = 0; i < MAX_READS && writing.get(); i++) {
      List<String> abc = visits(tree, "a/b/c");
      if (abc.stream().filter("stable"::equals).count() != 1) {
        throw new AssertionError("a value present all along was not matched once: " + abc);
      }
      visits(tree, i % 2 == 0 ? "a/b" : "x/y/z");
    }
  }

  @Test
  void concurrentAddRemoveAndMatchKeepTheTreeConsistent() throws Exception {
    tree.add("a/b/c", "stable", 1);
    CountDownLatch start = new CountDownLatch(1);
    AtomicBoolean writing = new AtomicBoolean(true);
    List<Future<?>> writers = new ArrayList<>();
    List<Future<?>> readers = new ArrayList<>();
    for (int r = 0; r < READERS; r++) {
      readers.add(threads.submit(() -> {
        start.await();
        read(writing);
        return null;
      }));
    }
    for (int w = 0; w < WRITERS; w++) {
      String key = "w" + w;
      writers.add(threads.submit(() -> {
        start.await();
        churn(key);
        return null;
      }));
    }

    start.countDown();
    for (Future<?> writer : writers) {
      writer.get(15, TimeUnit.SECONDS);
    }
    writing.set(false);
    for (Future<?> reader : readers) {
      reader.get(15, TimeUnit.SECONDS);
    }

    assertThat(visits(tree, "a/b")).containsExactlyInAnyOrder("w0", "w1", "w2", "w3");
    assertThat(visits(tree, "a/b/c")).containsExactly("stable");
    assertThat(visits(tree, "x/y/z")).isEmpty();
    tree.remove("a/b/c", "stable");
    for (int w = 0; w < WRITERS; w++) {
      tree.remove("a/b", "w" + w);
    }
    assertThat(tree.isEmpty()).isTrue();
  }
}
