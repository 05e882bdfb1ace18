package dev.aedes.bench.load;

import java.util.List;

/**
 * Who publishes and who subscribes in a message scenario: {@code connections} clients, numbered
 * from 0; a client may both subscribe and publish.
 *
 * @param fanout how many subscribers receive each published message
 */
record Plan(int connections, List<Subscriber> subscribers, List<Publisher> publishers,
    int fanout) {

  /** Client {@code connection} subscribes to {@code filter}. */
  record Subscriber(int connection, String filter) {
  }

  /** Client {@code connection} publishes to {@code topic}. */
  record Publisher(int connection, String topic) {
  }
}
