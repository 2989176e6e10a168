package org.swiftline.gateway.store;

import java.util.Comparator;
import org.swiftline.gateway.appeals.AppealStatus;

/**
 * A group that appeals are tallied in ({@link AppealTally}, {@link AppealTimes}): the index of the day they
 * were filed on among a {@link TallyQuery}'s days ({@code -1} when the query is not by day) and the keys the
 * query groups by. A key the query does not group by is {@code null}, as is a key an appeal has no value for
 * (an appeal not classified has no category).
 */
public record AppealGroup(int day, String category, String department, String district, AppealStatus status,
    String language, String cluster) {

  /** What appeals can be grouped by, besides the day. */
  public enum Key { CATEGORY, DEPARTMENT, DISTRICT, STATUS, LANGUAGE, CLUSTER }

  /** The order tallies are listed in: by day, then by each key in {@link Key} order, no value first. */
  public static final Comparator<AppealGroup> ORDER = Comparator.comparingInt(AppealGroup::day)
      .thenComparing(AppealGroup::category, Comparator.nullsFirst(Comparator.naturalOrder()))
      .thenComparing(AppealGroup::department, Comparator.nullsFirst(Comparator.naturalOrder()))
      .thenComparing(AppealGroup::district, Comparator.nullsFirst(Comparator.naturalOrder()))
      .thenComparing(g -> g.status() == null ? null : g.status().wire(), Comparator.nullsFirst(Comparator.naturalOrder()))
      .thenComparing(AppealGroup::language, Comparator.nullsFirst(Comparator.naturalOrder()))
      .thenComparing(AppealGroup::cluster, Comparator.nullsFirst(Comparator.naturalOrder()));

  /** The value of one key ({@link AppealStatus#wire()} for the status), or {@code null}. */
  public String key(Key key) {
    return switch (key) {
      case CATEGORY -> category;
      case DEPARTMENT -> department;
      case DISTRICT -> district;
      case STATUS -> status == null ? null : status.wire();
      case LANGUAGE -> language;
      case CLUSTER -> cluster;
    };
  }

  /** The group of an appeal filed on day {@code day} with these facts, keeping only the query's keys. */
  public static AppealGroup of(TallyQuery query, int day, String category, String department, String district,
      AppealStatus status, String language, String cluster) {
    return new AppealGroup(day,
        query.by().contains(Key.CATEGORY) ? category : null,
        query.by().contains(Key.DEPARTMENT) ? department : null,
        query.by().contains(Key.DISTRICT) ? district : null,
        query.by().contains(Key.STATUS) ? status : null,
        query.by().contains(Key.LANGUAGE) ? language : null,
        query.by().contains(Key.CLUSTER) ? cluster : null);
  }

  /** The group of an appeal's facts, or {@code null} when the query does not count it (see {@link TallyQuery#counts}). */
  static AppealGroup of(TallyQuery query, AppealFact f) {
    if (!query.counts(f)) return null;
    int day = query.byDay() ? query.day(f.createdAt().toEpochMilli()) : -1;
    return of(query, day, f.category(), f.department(), f.district(), f.status(), f.language(), f.cluster());
  }
}
