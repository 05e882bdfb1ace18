package dev.aedes.connection;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Hands out named write callbacks and checks later that each completed once, and how. */
final class WriteCallbacks {
  private enum State { PENDING, SUCCEEDED }

  // Values are a State or the Throwable the callback was completed with.
  private final Map<String, Object> outcomes = new ConcurrentHashMap<>();

  /** A callback named {@code name}; completing it twice is recorded as an error. */
  WriteCallback named(String name) {
    outcomes.put(name, State.PENDING);
    return error -> {
      Object previous = outcomes.put(name, error == null ? State.SUCCEEDED : error);
      if (previous != State.PENDING) {
        outcomes.put(name, new AssertionError(name + " completed twice"));
      }
    };
  }

  /** Waits until every callback has completed, then asserts that all succeeded. */
  void assertAllSucceeded() {
    PacketRecorder.waiting("write callbacks")
        .until(() -> !outcomes.containsValue(State.PENDING));
    outcomes.forEach((name, outcome) ->
        assertThat(outcome).as("write callback of %s", name).isEqualTo(State.SUCCEEDED));
  }

  /** Waits until the callback completed and returns its error, or null for success. */
  Throwable outcome(String name) {
    PacketRecorder.waiting(name)
        .until(() -> outcomes.get(name) != State.PENDING);
    Object outcome = outcomes.get(name);
    return outcome instanceof Throwable error ? error : null;
  }
}
