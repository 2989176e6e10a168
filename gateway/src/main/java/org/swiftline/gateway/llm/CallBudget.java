package org.swiftline.gateway.llm;

import java.time.Clock;

/** At most {@code perMinute} model calls in each calendar minute of the clock. Thread-safe. */
public final class CallBudget {
  private final int perMinute;
  private final Clock clock;
  private long minute = Long.MIN_VALUE;
  private int used;

  public CallBudget(int perMinute, Clock clock) {
    if (perMinute < 1) throw new IllegalArgumentException("perMinute: must be 1 or more");
    this.perMinute = perMinute;
    this.clock = clock;
  }

  /** Takes one call from this minute's budget; {@code false} when it is used up. */
  public synchronized boolean tryTake() {
    long now = clock.millis() / 60_000;
    if (now != minute) {
      minute = now;
      used = 0;
    }
    if (used >= perMinute) return false;
    used++;
    return true;
  }
}
