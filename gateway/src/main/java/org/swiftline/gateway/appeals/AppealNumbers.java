package org.swiftline.gateway.appeals;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Appeal numbers: the filing date (UTC) and a counter that every store keeps unique across the deployment,
 * for example {@code 20261128-000042}. A counter value taken by a filing that then failed is simply never
 * used: numbers may have gaps, never repeats.
 */
public final class AppealNumbers {
  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd").withZone(ZoneOffset.UTC);

  private AppealNumbers() {}

  public static String format(Instant filedAt, long counter) {
    if (counter < 1) throw new IllegalArgumentException("counter must be positive");
    return DAY.format(filedAt) + "-" + String.format("%06d", counter);
  }
}
