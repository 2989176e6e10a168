package org.swiftline.gateway.analytics;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A period of whole days in a time zone ({@code SWIFTLINE_TIME_ZONE}, UTC by default), {@code from} and
 * {@code to} both included, as the analytics API's {@code from} and {@code to} query parameters give it (ISO
 * dates such as {@code 2026-11-01}). A day runs from midnight to midnight in the zone, so it may last 23 or
 * 25 hours where the zone has summer time.
 */
public record Period(LocalDate from, LocalDate to, ZoneId zone) {
  /** The longest period asked for at once. */
  public static final int MAX_DAYS = 731;
  /** The period when none is given: the last 30 days, today included. */
  public static final int DEFAULT_DAYS = 30;

  public Period {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(zone, "zone");
    if (from.isAfter(to)) throw new IllegalArgumentException("from (" + from + ") must not be after to (" + to + ")");
    if (ChronoUnit.DAYS.between(from, to) + 1 > MAX_DAYS) {
      throw new IllegalArgumentException("a period may span at most " + MAX_DAYS + " days");
    }
  }

  /** A period of UTC days. */
  public Period(LocalDate from, LocalDate to) {
    this(from, to, ZoneOffset.UTC);
  }

  /** The period of the query parameters in UTC days (see {@link #parse(String, String, Clock, ZoneId)}). */
  public static Period parse(String from, String to, Clock clock) {
    return parse(from, to, clock, ZoneOffset.UTC);
  }

  /**
   * The period of the query parameters, in days of {@code zone}; either may be missing (then {@code to} is
   * today in the zone and {@code from} {@link #DEFAULT_DAYS} days before it, or the same span around the one
   * given).
   *
   * @throws IllegalArgumentException naming the parameter when it is not an ISO date, or the period is
   *     reversed or too long
   */
  public static Period parse(String from, String to, Clock clock, ZoneId zone) {
    LocalDate end = to == null || to.isBlank() ? null : date("to", to);
    LocalDate start = from == null || from.isBlank() ? null : date("from", from);
    if (end == null) end = start == null ? LocalDate.ofInstant(clock.instant(), zone) : start.plusDays(DEFAULT_DAYS - 1);
    if (start == null) start = end.minusDays(DEFAULT_DAYS - 1);
    return new Period(start, end, zone);
  }

  private static LocalDate date(String name, String value) {
    try {
      return LocalDate.parse(value.strip());
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(name + " must be an ISO date such as 2026-11-28, not '" + clip(value) + "'");
    }
  }

  private static String clip(String value) {
    return value.length() > 40 ? value.substring(0, 40) + "..." : value;
  }

  /** The first instant of the period. */
  public Instant start() {
    return from.atStartOfDay(zone).toInstant();
  }

  /** The first instant after the period. */
  public Instant end() {
    return to.plusDays(1).atStartOfDay(zone).toInstant();
  }

  /** The number of days in it. */
  public int length() {
    return (int) ChronoUnit.DAYS.between(from, to) + 1;
  }

  /** The period of the same length just before this one. */
  public Period previous() {
    return new Period(from.minusDays(length()), from.minusDays(1), zone);
  }

  /** Its days, in order. */
  public List<LocalDate> days() {
    List<LocalDate> days = new ArrayList<>(length());
    for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) days.add(d);
    return days;
  }

  /** The first instant of each of its days, in order. */
  public List<Instant> dayStarts() {
    List<Instant> starts = new ArrayList<>(length());
    for (LocalDate d : days()) starts.add(d.atStartOfDay(zone).toInstant());
    return starts;
  }

  /** The index of {@code at}'s day in {@link #days()}, or -1 outside the period. */
  public int dayIndex(Instant at) {
    if (at.isBefore(start()) || !at.isBefore(end())) return -1;
    return (int) ChronoUnit.DAYS.between(from, LocalDate.ofInstant(at, zone));
  }
}
