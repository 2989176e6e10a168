package org.swiftline.gateway.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Which appeals {@link AppealStore#tally} and {@link AppealStore#times} count and how they group them: the
 * appeals filed in [{@code from}, {@code to}), by day when {@code days} is not empty and by the keys in
 * {@code by}; with {@code clusteredOnly}, only the appeals in a group of similar appeals. With
 * {@code outcomes}, the tallies count how the appeals went too ({@link AppealTally.Outcomes}); without, only
 * how many were filed (which is cheaper).
 *
 * @param days the first instant of each day, in order, the first being {@code from} and each before
 *     {@code to}; day {@code i} lasts until the next one begins (or until {@code to}), so days need not be
 *     24 hours long (a time zone's summer time); empty when not counting by day
 */
public record TallyQuery(Instant from, Instant to, List<Instant> days, Set<AppealGroup.Key> by, boolean clusteredOnly,
    boolean outcomes) {
  public TallyQuery {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    if (!from.isBefore(to)) throw new IllegalArgumentException("from must be before to");
    days = List.copyOf(days);
    if (!days.isEmpty() && !days.get(0).equals(from)) throw new IllegalArgumentException("the first day must begin at from");
    for (int i = 1; i < days.size(); i++) {
      if (!days.get(i - 1).isBefore(days.get(i))) throw new IllegalArgumentException("days must be in order");
    }
    if (!days.isEmpty() && !days.get(days.size() - 1).isBefore(to)) throw new IllegalArgumentException("every day must begin before to");
    by = Collections.unmodifiableSet(by.isEmpty() ? EnumSet.noneOf(AppealGroup.Key.class) : EnumSet.copyOf(by));
  }

  /** The appeals filed in [{@code from}, {@code to}), grouped by {@code by} only, without their outcomes. */
  public static TallyQuery of(Instant from, Instant to, AppealGroup.Key... by) {
    Set<AppealGroup.Key> keys = EnumSet.noneOf(AppealGroup.Key.class);
    Collections.addAll(keys, by);
    return new TallyQuery(from, to, List.of(), keys, false, false);
  }

  /** The same query, by the days beginning at {@code days}. */
  public TallyQuery byDays(List<Instant> days) {
    return new TallyQuery(from, to, days, by, clusteredOnly, outcomes);
  }

  /** The same query, counting only the appeals in a group of similar appeals. */
  public TallyQuery clustered() {
    return new TallyQuery(from, to, days, by, true, outcomes);
  }

  /** The same query, counting the outcomes too. */
  public TallyQuery withOutcomes() {
    return new TallyQuery(from, to, days, by, clusteredOnly, true);
  }

  public boolean byDay() {
    return !days.isEmpty();
  }

  /**
   * The index of the day that the instant {@code epochMillis} falls on, or -1 outside [{@code from},
   * {@code to}) or when the query is not by day.
   */
  public int day(long epochMillis) {
    if (days.isEmpty() || epochMillis < from.toEpochMilli() || epochMillis >= to.toEpochMilli()) return -1;
    int low = 0;
    int high = days.size() - 1;
    while (low < high) { // the last day beginning at or before the instant
      int mid = (low + high + 1) >>> 1;
      if (days.get(mid).toEpochMilli() <= epochMillis) low = mid;
      else high = mid - 1;
    }
    return low;
  }

  /** The end of each day (the beginning of the next, or {@code to}), in order. */
  public List<Instant> dayEnds() {
    List<Instant> ends = new ArrayList<>(days.subList(Math.min(1, days.size()), days.size()));
    if (!days.isEmpty()) ends.add(to);
    return ends;
  }

  /** Whether these facts are counted: filed in the period, and in a group of similar appeals when asked. */
  public boolean counts(AppealFact f) {
    long at = f.createdAt().toEpochMilli();
    return at >= from.toEpochMilli() && at < to.toEpochMilli() && (!clusteredOnly || f.cluster() != null);
  }
}
