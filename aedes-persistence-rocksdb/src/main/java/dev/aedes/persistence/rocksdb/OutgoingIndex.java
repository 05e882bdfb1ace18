package dev.aedes.persistence.rocksdb;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The in-memory index of {@link OutgoingQueues}: per client, message id to the sequence of the
 * entry carrying it, and the stored value of each such entry (the messages in flight). Every
 * change records how to undo it until the write that takes it is done, so a failed write or a
 * failed operation leaves the index as the disk is. Writer thread only.
 */
final class OutgoingIndex {
  /** Client id to (message id to sequence) of its entries that carry a message id. */
  private final Map<String, Map<Integer, Long>> sequenceById = new HashMap<>();
  /** Sequence to the stored value of every entry in {@link #sequenceById}. */
  private final Map<Long, byte[]> valueBySequence = new HashMap<>();
  /** How to undo the changes not yet written, oldest first (changes of others too). */
  private final List<Runnable> undo = new ArrayList<>();

  /** At open: an entry as stored, nothing to undo. */
  void load(String clientId, int messageId, long sequence, byte[] value) {
    index(clientId).put(messageId, sequence);
    valueBySequence.put(sequence, value);
  }

  /** The sequence of the client's entry carrying {@code messageId}, or null. */
  Long sequence(String clientId, int messageId) {
    Map<Integer, Long> index = sequenceById.get(clientId);
    return index == null ? null : index.get(messageId);
  }

  /** The value of the entry {@code sequence}, if it carries a message id. */
  byte[] value(long sequence) {
    return valueBySequence.get(sequence);
  }

  /** Indexes an entry carrying a message id; an older entry under that id is no longer found. */
  void track(String clientId, int messageId, long sequence, byte[] value) {
    Long before = put(clientId, messageId, sequence);
    if (before != null && before != sequence) {
      value(before, null);
    }
    value(sequence, value);
  }

  /** Indexes {@code messageId} to {@code sequence}; returns the sequence before. */
  Long put(String clientId, int messageId, long sequence) {
    Long before = index(clientId).put(messageId, sequence);
    undo.add(() -> restore(clientId, messageId, before));
    return before;
  }

  /** Removes {@code messageId} from the index; returns its sequence, or null. */
  Long remove(String clientId, int messageId) {
    Map<Integer, Long> index = sequenceById.get(clientId);
    Long before = index == null ? null : index.remove(messageId);
    if (before == null) {
      return null;
    }
    if (index.isEmpty()) {
      sequenceById.remove(clientId);
    }
    undo.add(() -> restore(clientId, messageId, before));
    return before;
  }

  /** Sets (null: removes) the value kept for {@code sequence}. */
  void value(long sequence, byte[] value) {
    byte[] before = value == null
        ? valueBySequence.remove(sequence) : valueBySequence.put(sequence, value);
    undo.add(() -> {
      if (before == null) {
        valueBySequence.remove(sequence);
      } else {
        valueBySequence.put(sequence, before);
      }
    });
  }

  /** Drops the client's entries, once their deletion is written: nothing to undo. */
  void forget(String clientId) {
    Map<Integer, Long> index = sequenceById.remove(clientId);
    if (index != null) {
      index.values().forEach(valueBySequence::remove);
    }
  }

  /** Records how to undo a change made beside the index (undone with it, in order). */
  void onUndo(Runnable action) {
    undo.add(action);
  }

  /** Where the changes made from now on start, for {@link #undoFrom}. */
  int mark() {
    return undo.size();
  }

  /** Undoes the changes since {@code mark} (all of them once a write cleared the log). */
  void undoFrom(int mark) {
    for (int i = undo.size() - 1; i >= mark; i--) {
      undo.remove(i).run();
    }
  }

  /** The changes so far are written: they stay. */
  void written() {
    undo.clear();
  }

  private void restore(String clientId, int messageId, Long sequence) {
    if (sequence != null) {
      index(clientId).put(messageId, sequence);
      return;
    }
    Map<Integer, Long> index = sequenceById.get(clientId);
    if (index != null && index.remove(messageId) != null && index.isEmpty()) {
      sequenceById.remove(clientId);
    }
  }

  private Map<Integer, Long> index(String clientId) {
    return sequenceById.computeIfAbsent(clientId, id -> new HashMap<>());
  }
}
