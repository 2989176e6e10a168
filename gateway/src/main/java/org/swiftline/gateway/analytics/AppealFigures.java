package org.swiftline.gateway.analytics;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.swiftline.gateway.store.AppealGroup;
import org.swiftline.gateway.store.AppealStore;
import org.swiftline.gateway.store.AppealTally;
import org.swiftline.gateway.store.AppealTimes;
import org.swiftline.gateway.store.TallyQuery;

/**
 * The supervisors' figures over the appeals filed in a period, computed from the tallies and times that
 * the store counts ({@link AppealStore#tally}, {@link AppealStore#times}); each figure names the query it is
 * computed from ({@code ...Query}). Pure: the same tallies give the same figures. Definitions:
 *
 * <ul>
 *   <li><b>resolution rate</b>: of the appeals whose citizen said whether the resolution solved the
 *       problem, the share that said yes (their latest answer counts);
 *   <li><b>satisfaction rate</b>: of the appeals rated 1 to 5, the share rated 4 or 5; with the mean rating;
 *   <li><b>time to first response</b>: from filing to the first action of a department or an administrator
 *       (accepting, a note, resolving, routing out of triage, rejecting); <b>time to resolution</b>: from
 *       filing to the first resolution; each as median and 90th percentile (nearest rank) in seconds;
 *   <li><b>growth</b>: {@code (count - previous) / previous} against the period of the same length just
 *       before, {@code null} when there was nothing before.
 * </ul>
 *
 * Appeals are counted in the period they were filed in, by the day they were filed on ({@link Period}).
 */
public final class AppealFigures {
  /** Names of categories, districts and departments in the caller's language. */
  public interface Names {
    String category(String id);

    String district(String id);

    String department(String id);
  }

  /** What appeals can be counted by. */
  public enum Dimension {
    CATEGORY("category", AppealGroup.Key.CATEGORY),
    DEPARTMENT("department", AppealGroup.Key.DEPARTMENT),
    DISTRICT("district", AppealGroup.Key.DISTRICT),
    STATUS("status", AppealGroup.Key.STATUS),
    LANGUAGE("language", AppealGroup.Key.LANGUAGE);

    final String wire;
    final AppealGroup.Key key;

    Dimension(String wire, AppealGroup.Key key) {
      this.wire = wire;
      this.key = key;
    }

    public static Dimension fromWire(String wire) {
      for (Dimension d : values()) if (d.wire.equals(wire)) return d;
      throw new IllegalArgumentException("by must be one of category, department, district, status, language");
    }
  }

  private final Period period;
  private final Names names;

  public AppealFigures(Period period, Names names) {
    this.period = Objects.requireNonNull(period, "period");
    this.names = Objects.requireNonNull(names, "names");
  }

  private static TallyQuery query(Period p, AppealGroup.Key... by) {
    return TallyQuery.of(p.start(), p.end(), by);
  }

  private JsonObject head() {
    return new JsonObject().put("from", period.from().toString()).put("to", period.to().toString());
  }

  private JsonArray dayNames() {
    JsonArray days = new JsonArray();
    period.days().forEach(d -> days.add(d.toString()));
    return days;
  }

  /** What {@link #perDay} counts: the period's appeals by day and category. */
  public TallyQuery perDayQuery() {
    return query(period, AppealGroup.Key.CATEGORY).byDays(period.dayStarts());
  }

  /** Appeals filed per day, by category, the largest category first. */
  public JsonObject perDay(List<AppealTally> byDayAndCategory) {
    int n = period.length();
    Map<String, int[]> byCategory = new LinkedHashMap<>();
    int total = 0;
    for (AppealTally t : byDayAndCategory) {
      int day = t.group().day();
      if (day < 0 || day >= n) continue;
      String category = t.group().category();
      byCategory.computeIfAbsent(category == null ? "" : category, k -> new int[n])[day] += t.filed();
      total += t.filed();
    }
    List<Map.Entry<String, int[]>> sorted = new ArrayList<>(byCategory.entrySet());
    sorted.sort(Comparator.<Map.Entry<String, int[]>>comparingInt(e -> -Arrays.stream(e.getValue()).sum())
        .thenComparing(Map.Entry::getKey));
    JsonArray categories = new JsonArray();
    for (Map.Entry<String, int[]> e : sorted) {
      String id = e.getKey().isEmpty() ? null : e.getKey();
      JsonArray counts = new JsonArray();
      Arrays.stream(e.getValue()).forEach(counts::add);
      categories.add(new JsonObject().put("category", id).put("name", id == null ? null : names.category(id))
          .put("counts", counts).put("total", Arrays.stream(e.getValue()).sum()));
    }
    return head().put("days", dayNames()).put("categories", categories).put("total", total);
  }

  /** What {@link #breakdown} counts: the period's appeals by one dimension. */
  public TallyQuery breakdownQuery(Dimension by) {
    return query(period, by.key);
  }

  /** Appeals counted by one dimension, the largest first. */
  public JsonObject breakdown(Dimension by, List<AppealTally> tallies) {
    Map<String, Integer> counts = new HashMap<>();
    int total = 0;
    for (AppealTally t : tallies) {
      String key = t.group().key(by.key);
      counts.merge(key == null ? "" : key, t.filed(), Integer::sum);
      total += t.filed();
    }
    List<Map.Entry<String, Integer>> sorted = new ArrayList<>(counts.entrySet());
    sorted.sort(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry::getKey));
    JsonArray list = new JsonArray();
    for (Map.Entry<String, Integer> e : sorted) {
      String id = e.getKey().isEmpty() ? null : e.getKey();
      String name = id == null ? null : switch (by) {
        case CATEGORY -> names.category(id);
        case DEPARTMENT -> names.department(id);
        case DISTRICT -> names.district(id);
        default -> id;
      };
      list.add(new JsonObject().put("key", id).put("name", name).put("count", e.getValue()));
    }
    return head().put("by", by.wire).put("counts", list).put("total", total);
  }

  /** Tallies of one group of appeals for the rates. */
  private static final class Tally {
    int filed;
    int resolved;
    int verdicts;
    int solved;
    int ratings;
    int satisfied;
    long ratingSum;

    void add(AppealTally t) {
      filed += t.filed();
      AppealTally.Outcomes o = t.outcomes();
      resolved += o.resolved();
      verdicts += o.verdicts();
      solved += o.solved();
      for (int rating = 1; rating <= 5; rating++) {
        int rated = o.ratings().get(rating - 1);
        ratings += rated;
        ratingSum += (long) rating * rated;
        if (rating >= 4) satisfied += rated;
      }
    }

    JsonObject json() {
      return new JsonObject().put("filed", filed).put("resolved", resolved).put("verdicts", verdicts).put("solved", solved)
          .put("resolutionRate", ratio(solved, verdicts)).put("ratings", ratings).put("satisfied", satisfied)
          .put("satisfactionRate", ratio(satisfied, ratings))
          .put("meanSatisfaction", ratings == 0 ? null : round((double) ratingSum / ratings));
    }
  }

  /** What {@link #rates} counts: the period's appeals and their outcomes by day. */
  public TallyQuery ratesQuery() {
    return query(period).byDays(period.dayStarts()).withOutcomes();
  }

  /** Resolution and satisfaction rates for the whole period and per day. */
  public JsonObject rates(List<AppealTally> byDay) {
    Tally total = new Tally();
    List<Tally> perDay = new ArrayList<>();
    for (int i = 0; i < period.length(); i++) perDay.add(new Tally());
    for (AppealTally t : byDay) {
      int day = t.group().day();
      if (day < 0 || day >= perDay.size()) continue;
      total.add(t);
      perDay.get(day).add(t);
    }
    JsonArray days = new JsonArray();
    for (int i = 0; i < perDay.size(); i++) days.add(perDay.get(i).json().put("day", period.days().get(i).toString()));
    return head().put("total", total.json()).put("days", days);
  }

  /** What {@link #responseTimes} is computed from: the times of the period's appeals by day. */
  public TallyQuery responseTimesQuery() {
    return query(period).byDays(period.dayStarts());
  }

  /** Time to first response and to resolution: median and 90th percentile, for the period and per day. */
  public JsonObject responseTimes(List<AppealTimes> byDay) {
    int n = period.length();
    List<List<Long>> firstByDay = new ArrayList<>();
    List<List<Long>> resolutionByDay = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      firstByDay.add(List.of());
      resolutionByDay.add(List.of());
    }
    List<Long> first = new ArrayList<>();
    List<Long> resolution = new ArrayList<>();
    for (AppealTimes t : byDay) {
      int day = t.group().day();
      if (day < 0 || day >= n) continue;
      firstByDay.set(day, t.firstResponseSeconds());
      resolutionByDay.set(day, t.resolutionSeconds());
      first.addAll(t.firstResponseSeconds());
      resolution.addAll(t.resolutionSeconds());
    }
    JsonArray days = new JsonArray();
    for (int i = 0; i < n; i++) {
      days.add(new JsonObject().put("day", period.days().get(i).toString())
          .put("firstResponses", firstByDay.get(i).size()).put("firstResponseMedianSeconds", percentile(firstByDay.get(i), 50))
          .put("resolutions", resolutionByDay.get(i).size()).put("resolutionMedianSeconds", percentile(resolutionByDay.get(i), 50)));
    }
    return head().put("firstResponse", times(first)).put("resolution", times(resolution)).put("days", days);
  }

  private static JsonObject times(List<Long> seconds) {
    long[] sorted = sorted(seconds);
    return new JsonObject().put("count", seconds.size()).put("medianSeconds", percentile(sorted, 50))
        .put("p90Seconds", percentile(sorted, 90));
  }

  private static long[] sorted(List<Long> values) {
    long[] sorted = new long[values.size()];
    for (int i = 0; i < sorted.length; i++) sorted[i] = values.get(i);
    Arrays.sort(sorted);
    return sorted;
  }

  /** The nearest-rank percentile ({@code null} for no values): the smallest value with at least p% at or below it. */
  static Long percentile(List<Long> values, int p) {
    return percentile(sorted(values), p);
  }

  private static Long percentile(long[] sorted, int p) {
    if (sorted.length == 0) return null;
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, rank - 1)];
  }

  /** What {@link #topPlaces} counts, in a period and in the one before: the appeals by category and district. */
  public static TallyQuery placesQuery(Period p) {
    return query(p, AppealGroup.Key.CATEGORY, AppealGroup.Key.DISTRICT);
  }

  /**
   * The places (category and district) with the most appeals in the period, with the count in the previous
   * period and the growth; at most {@code limit}, the most appeals first.
   */
  public JsonArray topPlaces(List<AppealTally> now, List<AppealTally> previous, int limit) {
    Map<List<String>, Integer> counts = countPlaces(now);
    Map<List<String>, Integer> before = countPlaces(previous);
    List<Map.Entry<List<String>, Integer>> sorted = new ArrayList<>(counts.entrySet());
    sorted.sort(Comparator.<Map.Entry<List<String>, Integer>>comparingInt(e -> -e.getValue())
        .thenComparing(e -> -growthOrMax(e.getValue(), before.getOrDefault(e.getKey(), 0)))
        .thenComparing(e -> String.valueOf(e.getKey())));
    JsonArray list = new JsonArray();
    for (Map.Entry<List<String>, Integer> e : sorted.subList(0, Math.min(limit, sorted.size()))) {
      String category = e.getKey().get(0);
      String district = e.getKey().get(1);
      int prev = before.getOrDefault(e.getKey(), 0);
      list.add(new JsonObject().put("category", category).put("categoryName", category == null ? null : names.category(category))
          .put("district", district).put("districtName", district == null ? null : names.district(district))
          .put("count", e.getValue()).put("previous", prev).put("growth", growth(e.getValue(), prev)));
    }
    return list;
  }

  private static Map<List<String>, Integer> countPlaces(List<AppealTally> tallies) {
    Map<List<String>, Integer> counts = new HashMap<>();
    for (AppealTally t : tallies) counts.merge(Arrays.asList(t.group().category(), t.group().district()), t.filed(), Integer::sum);
    return counts;
  }

  /**
   * What {@link #topClusters} counts, in a period and in the one before: the appeals in groups of similar
   * appeals, by group, district and status (the districts a group spans and how many of it are open).
   */
  public static TallyQuery clustersQuery(Period p) {
    return query(p, AppealGroup.Key.CLUSTER, AppealGroup.Key.DISTRICT, AppealGroup.Key.STATUS).clustered();
  }

  /** A group of similar appeals in the period: its name, appeals in the period and before. */
  public record ClusterCount(String cluster, int count, int previous) {}

  /** The groups of similar appeals with at least two appeals in the period, the largest first, at most {@code limit}. */
  public List<ClusterCount> topClusters(List<AppealTally> now, List<AppealTally> previous, int limit) {
    Map<String, Integer> counts = countClusters(now);
    Map<String, Integer> before = countClusters(previous);
    return counts.entrySet().stream().filter(e -> e.getValue() >= 2)
        .map(e -> new ClusterCount(e.getKey(), e.getValue(), before.getOrDefault(e.getKey(), 0)))
        .sorted(Comparator.comparingInt((ClusterCount c) -> -c.count()).thenComparing(ClusterCount::cluster))
        .limit(limit).toList();
  }

  private static Map<String, Integer> countClusters(List<AppealTally> tallies) {
    Map<String, Integer> counts = new HashMap<>();
    for (AppealTally t : tallies) if (t.group().cluster() != null) counts.merge(t.group().cluster(), t.filed(), Integer::sum);
    return counts;
  }

  static Double growth(int count, int previous) {
    return previous == 0 ? null : round((count - previous) / (double) previous);
  }

  private static double growthOrMax(int count, int previous) {
    return previous == 0 ? Double.MAX_VALUE : (count - previous) / (double) previous;
  }

  static Double ratio(int part, int whole) {
    return whole == 0 ? null : round(part / (double) whole);
  }

  private static double round(double v) {
    return Math.round(v * 10000) / 10000.0;
  }
}
