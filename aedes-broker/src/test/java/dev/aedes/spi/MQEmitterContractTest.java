package dev.aedes.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.aedes.packet.Properties;
import dev.aedes.packet.PublishPacket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The {@link MQEmitter} contract (mqemitter's abstractTest.js): every emitter's test class
 * extends this one and only says how to make a fresh emitter. Delivery may be asynchronous, but
 * what one emitter emits reaches each listener in emit order; the tests that check a message
 * was not delivered emit it before one that is, and wait for that one.
 */
public abstract class MQEmitterContractTest {
  private MQEmitter emitter;

  /** A new emitter; called before each test, closed after it. */
  protected abstract MQEmitter createEmitter();

  /** Records the packets it receives and calls {@code done} for each. */
  protected static final class Recorder implements MQEmitter.Listener {
    final List<PublishPacket> received = new CopyOnWriteArrayList<>();

    @Override
    public void onMessage(PublishPacket packet, Runnable done) {
      received.add(packet);
      done.run();
    }

    List<String> topics() {
      return received.stream().map(PublishPacket::topic).toList();
    }

    void awaitTopics(String... expected) {
      await().atMost(Duration.ofSeconds(5)).until(() -> received.size() >= expected.length);
      assertThat(topics()).containsExactly(expected);
    }
  }

  @BeforeEach
  void create() {
    emitter = createEmitter();
  }

  @AfterEach
  void close() {
    join(emitter.close());
  }

  private static <T> T join(CompletionStage<T> stage) {
    try {
      return stage.toCompletableFuture().get(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("emitter call did not complete normally", e);
    }
  }

  private static PublishPacket message(String topic) {
    return PublishPacket.of(topic, "payload of " + topic);
  }

  private Recorder listen(String... filters) {
    Recorder recorder = new Recorder();
    for (String filter : filters) {
      join(emitter.on(filter, recorder));
    }
    return recorder;
  }

  private void emit(String... topics) {
    for (String topic : topics) {
      join(emitter.emit(message(topic)));
    }
  }

  @Test
  void listenerReceivesTheExactPacket() {
    Recorder recorder = listen("a/b");
    PublishPacket packet = new PublishPacket(true, 2, true, "a/b", 513,
        "bytes".getBytes(StandardCharsets.UTF_8),
        Properties.builder().messageExpiryInterval(60L).userProperty("k", "v").build());

    join(emitter.emit(packet));

    recorder.awaitTopics("a/b");
    assertThat(recorder.received.get(0)).isEqualTo(packet);
  }

  @Test
  void exactFilterReceivesOnlyItsTopic() {
    Recorder recorder = listen("a/b");
    emit("a", "a/b/c", "a/bc", "A/b", "a/b");
    recorder.awaitTopics("a/b");
  }

  @Test
  @DisplayName("[MQTT-4.7.1-3] '+' matches exactly one level")
  void plusMatchesOneLevel() {
    Recorder recorder = listen("a/+/c");
    emit("a/c", "a/b/c/d", "b/b/c", "a/b/c", "a//c");
    recorder.awaitTopics("a/b/c", "a//c");
  }

  @Test
  @DisplayName("[MQTT-4.7.1-2] '#' matches the parent level and every level below")
  void hashMatchesTheParentAndEverythingBelow() {
    Recorder recorder = listen("sport/#");
    emit("sports", "news/sport", "sport", "sport/tennis", "sport/tennis/player1");
    recorder.awaitTopics("sport", "sport/tennis", "sport/tennis/player1");
  }

  @Test
  void hashAloneMatchesEveryTopicIncludingDollarTopics() {
    // the broker routes all traffic through one '#' listener and applies [MQTT-4.7.2-1] itself
    Recorder recorder = listen("#");
    emit("a", "a/b", "$SYS/broker/uptime");
    recorder.awaitTopics("a", "a/b", "$SYS/broker/uptime");
  }

  @Test
  void messagesReachAListenerInEmitOrder() {
    Recorder recorder = listen("order/+");
    String[] topics = new String[50];
    for (int i = 0; i < topics.length; i++) {
      topics[i] = "order/" + i;
    }
    emit(topics);
    recorder.awaitTopics(topics);
  }

  @Test
  void everyListenerOfAMatchingFilterReceivesTheMessage() {
    Recorder first = listen("a/b");
    Recorder second = listen("a/b");
    Recorder wildcard = listen("a/+");
    Recorder other = listen("x");

    emit("a/b", "x");

    first.awaitTopics("a/b");
    second.awaitTopics("a/b");
    wildcard.awaitTopics("a/b");
    other.awaitTopics("x");
  }

  @Test
  void removeListenerStopsOnlyThatFilterOfThatListener() {
    Recorder removed = listen("a/b", "c");
    Recorder sameFilter = listen("a/b");

    join(emitter.removeListener("a/b", removed));
    emit("a/b", "c");

    removed.awaitTopics("c");
    sameFilter.awaitTopics("a/b");
  }

  @Test
  void removeListenerNeedsTheSameListenerObject() {
    Recorder registered = listen("a/b");

    join(emitter.removeListener("a/b", new Recorder()));
    join(emitter.removeListener("a/+", registered));
    emit("a/b");

    registered.awaitTopics("a/b");
  }

  @Test
  void aThrowingListenerDoesNotKeepTheMessageFromOthers() {
    Recorder before = listen("a");
    join(emitter.on("a", (packet, done) -> {
      throw new IllegalStateException("expected by the test");
    }));
    Recorder after = listen("a");

    join(emitter.emit(message("a")));

    before.awaitTopics("a");
    after.awaitTopics("a");
  }

  @Test
  void emitWithoutListenersCompletes() {
    join(emitter.emit(message("nobody/listens")));
    Recorder late = listen("nobody/listens");
    emit("later");
    emit("nobody/listens");
    late.awaitTopics("nobody/listens");
  }

  @Test
  void emitAfterCloseFailsAndDeliversNothing() {
    Recorder recorder = listen("#");
    join(emitter.close());

    CompletionStage<Void> emitted = emitter.emit(message("a"));

    assertThatThrownBy(() -> emitted.toCompletableFuture().get(5, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(IllegalStateException.class);
    assertThat(recorder.received).isEmpty();
  }
}
