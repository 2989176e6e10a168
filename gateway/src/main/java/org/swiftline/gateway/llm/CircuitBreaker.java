package org.swiftline.gateway.llm;

import java.time.Clock;

/**
 * Stops calling a model that keeps failing: after {@code threshold} failures in a row the circuit opens
 * and calls are refused at once; after {@code openMillis} it half-opens and lets one trial call through,
 * whose success closes it and whose failure opens it again. Thread-safe.
 */
public final class CircuitBreaker {
  /** The circuit's state. */
  public enum State { CLOSED, OPEN, HALF_OPEN }

  private final int threshold;
  private final long openMillis;
  private final Clock clock;
  private State state = State.CLOSED;
  private int failures;
  private long openedAt;
  private boolean trialInFlight;

  public CircuitBreaker(int threshold, long openMillis, Clock clock) {
    if (threshold < 1) throw new IllegalArgumentException("threshold: must be 1 or more");
    if (openMillis < 1) throw new IllegalArgumentException("openMillis: must be 1 or more");
    this.threshold = threshold;
    this.openMillis = openMillis;
    this.clock = clock;
  }

  /** Whether a call may go out now; in half-open state only the one trial call may. */
  public synchronized boolean allow() {
    if (state == State.OPEN && clock.millis() - openedAt >= openMillis) {
      state = State.HALF_OPEN;
      trialInFlight = false;
    }
    return switch (state) {
      case CLOSED -> true;
      case OPEN -> false;
      case HALF_OPEN -> {
        if (trialInFlight) yield false;
        trialInFlight = true;
        yield true;
      }
    };
  }

  public synchronized void success() {
    state = State.CLOSED;
    failures = 0;
    trialInFlight = false;
  }

  public synchronized void failure() {
    trialInFlight = false;
    if (state == State.HALF_OPEN || ++failures >= threshold) {
      state = State.OPEN;
      openedAt = clock.millis();
      failures = 0;
    }
  }

  public synchronized State state() {
    if (state == State.OPEN && clock.millis() - openedAt >= openMillis) return State.HALF_OPEN;
    return state;
  }
}
