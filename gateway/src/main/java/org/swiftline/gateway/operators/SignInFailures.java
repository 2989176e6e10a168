package org.swiftline.gateway.operators;

import java.time.Instant;

/**
 * Failed sign-ins of one account name.
 *
 * @param count failures since {@code windowStart}
 * @param windowStart the first failure counted, or {@code null} when none
 * @param lockedUntil the end of a lock-out, or {@code null}
 */
public record SignInFailures(int count, Instant windowStart, Instant lockedUntil) {
  public static final SignInFailures NONE = new SignInFailures(0, null, null);

  public SignInFailures {
    if (count < 0) throw new IllegalArgumentException("count must not be negative");
  }

  public boolean lockedAt(Instant now) {
    return lockedUntil != null && now.isBefore(lockedUntil);
  }
}
