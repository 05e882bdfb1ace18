package dev.aedes.bench.load;

import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;

/**
 * The subscriber side of one client: which (publisher, sequence) pairs it has seen, so a second
 * copy counts as a duplicate. Used from the client's event loop only.
 */
final class Receiver {
  private final Tracker tracker;
  private final Map<Integer, BitSet> seen = new HashMap<>();

  Receiver(Tracker tracker) {
    this.tracker = tracker;
  }

  void accept(byte[] payload) {
    if (!Payload.isValid(payload)) {
      tracker.error();
      return;
    }
    BitSet bits = seen.computeIfAbsent(Payload.publisher(payload), p -> new BitSet());
    int sequence = (int) Payload.sequence(payload);
    boolean duplicate = bits.get(sequence);
    bits.set(sequence);
    tracker.received(Payload.sentNanos(payload), duplicate);
  }
}
