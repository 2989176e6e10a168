package org.swiftline.gateway.analytics;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.swiftline.gateway.store.AppealFact;

/**
 * The supervisors' figures over the appeals filed in a period, computed from their {@link AppealFact}s.
 * Pure: the same facts give the same figures. Definitions:
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
 * Appeals are counted in the period they were filed in, by their UTC day.
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
    CATEGORY("category", AppealFact::category),
    DEPARTMENT("department", AppealFact::department),
    DISTRICT("district", AppealFact::district),
    STATUS("status", f -> f.status().wire()),
    LANGUAGE("language", AppealFact::language);

    final String wire;
    final Function<AppealFact, String> key;

    Dimension(String wire, Function<AppealFact, String> key) {
      this.wire = wire;
      this.key = key;
    }

    public static Dimension fromWire(String wire) {
      for (Dimension d : values()) if (d.wire.equals(wire)) return d;
      throw new IllegalArgumentException("by must be one of category, department, district, status, language");
    }
  }

  private final Period period;
  private final List<AppealFact> facts;
  private final Names names;

  public AppealFigures(Period period, List<AppealFact> facts, Names names) {
    this.period = Objects.requireNonNull(period, "period");
    this.facts = List.copyOf(facts);
    this.names = Objects.requireNonNull(names, "names");
  }

  private JsonObject head() {
    return new JsonObject().put("from", period.from().toString()).put("to", period.to().toString());
  }

  private JsonArray dayNames() {
    JsonArray days = new JsonArray();
    period.days().forEach(d -> days.add(d.toString()));
    return days;
  }

  /** Appeals filed per day, by category, the largest category first. */
  public JsonObject perDay() {
    int n = period.length();
    Map<String, int[]> byCategory = new LinkedHashMap<>();
    int total = 0;
    for (AppealFact f : facts) {
      int day = period.dayIndex(f.createdAt());
      if (day < 0) continue;
      byCategory.computeIfAbsent(f.category() == null ? "" : f.category(), k -> new int[n])[day]++;
      total++;
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

  /** Appeals counted by one dimension, the largest first. */
  public JsonObject breakdown(Dimension by) {
    Map<String, Integer> counts = new HashMap<>();
    for (AppealFact f : facts) {
      String key = by.key.apply(f);
      counts.merge(key == null ? "" : key, 1, Integer::sum);
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
    return head().put("by", by.wire).put("counts", list).put("total", facts.size());
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

    void add(AppealFact f) {
      filed++;
      if (f.resolvedAt() != null) resolved++;
      if (f.solved() != null) {
        verdicts++;
        if (f.solved()) solved++;
      }
      if (f.satisfaction() != null) {
        ratings++;
        ratingSum += f.satisfaction();
        if (f.satisfaction() >= 4) satisfied++;
      }
    }

    JsonObject json() {
      return new JsonObject().put("filed", filed).put("resolved", resolved).put("verdicts", verdicts).put("solved", solved)
          .put("resolutionRate", ratio(solved, verdicts)).put("ratings", ratings).put("satisfied", satisfied)
          .put("satisfactionRate", ratio(satisfied, ratings))
          .put("meanSatisfaction", ratings == 0 ? null : round((double) ratingSum / ratings));
    }
  }

  /** Resolution and satisfaction rates for the whole period and per day. */
  public JsonObject rates() {
    Tally total = new Tally();
    List<Tally> perDay = new ArrayList<>();
    for (int i = 0; i < period.length(); i++) perDay.add(new Tally());
    for (AppealFact f : facts) {
      int day = period.dayIndex(f.createdAt());
      if (day < 0) continue;
      total.add(f);
      perDay.get(day).add(f);
    }
    JsonArray days = new JsonArray();
    for (int i = 0; i < perDay.size(); i++) days.add(perDay.get(i).json().put("day", period.days().get(i).toString()));
    return head().put("total", total.json()).put("days", days);
  }

  /** Time to first response and to resolution: median and 90th percentile, for the period and per day. */
  public JsonObject responseTimes() {
    List<Long> first = new ArrayList<>();
    List<Long> resolution = new ArrayList<>();
    List<List<Long>> firstByDay = new ArrayList<>();
    List<List<Long>> resolutionByDay = new ArrayList<>();
    for (int i = 0; i < period.length(); i++) {
      firstByDay.add(new ArrayList<>());
      resolutionByDay.add(new ArrayList<>());
    }
    for (AppealFact f : facts) {
      int day = period.dayIndex(f.createdAt());
      if (day < 0) continue;
      if (f.firstResponseAt() != null) {
        long s = Duration.between(f.createdAt(), f.firstResponseAt()).toSeconds();
        first.add(s);
        firstByDay.get(day).add(s);
      }
      if (f.resolvedAt() != null) {
        long s = Duration.between(f.createdAt(), f.resolvedAt()).toSeconds();
        resolution.add(s);
        resolutionByDay.get(day).add(s);
      }
    }
    JsonArray days = new JsonArray();
    for (int i = 0; i < period.length(); i++) {
      days.add(new JsonObject().put("day", period.days().get(i).toString())
          .put("firstResponses", firstByDay.get(i).size()).put("firstResponseMedianSeconds", percentile(firstByDay.get(i), 50))
          .put("resolutions", resolutionByDay.get(i).size()).put("resolutionMedianSeconds", percentile(resolutionByDay.get(i), 50)));
    }
    return head().put("firstResponse", times(first)).put("resolution", times(resolution)).put("days", days);
  }

  private static JsonObject times(List<Long> seconds) {
    return new JsonObject().put("count", seconds.size()).put("medianSeconds", percentile(seconds, 50))
        .put("p90Seconds", percentile(seconds, 90));
  }

  /** The nearest-rank percentile ({@code null} for no values): the smallest value with at least p% at or below it. */
  static Long percentile(List<Long> values, int p) {
    if (values.isEmpty()) return null;
    long[] sorted = values.stream().mapToLong(Long::longValue).sorted().toArray();
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, rank - 1)];
  }

  /**
   * The places (category and district) with the most appeals in the period, with the count in the previous
   * period and the growth; at most {@code limit}, the most appeals first.
   */
  public JsonArray topPlaces(List<AppealFact> previous, int limit) {
    Map<List<String>, Integer> now = countPlaces(facts);
    Map<List<String>, Integer> before = countPlaces(previous);
    List<Map.Entry<List<String>, Integer>> sorted = new ArrayList<>(now.entrySet());
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

  private static Map<List<String>, Integer> countPlaces(List<AppealFact> facts) {
    Map<List<String>, Integer> counts = new HashMap<>();
    for (AppealFact f : facts) counts.merge(Arrays.asList(f.category(), f.district()), 1, Integer::sum);
    return counts;
  }

  /** A group of similar appeals in the period: its name, appeals in the period and before. */
  public record ClusterCount(String cluster, int count, int previous) {}

  /** The groups of similar appeals with at least two appeals in the period, the largest first, at most {@code limit}. */
  public List<ClusterCount> topClusters(List<AppealFact> previous, int limit) {
    Map<String, Integer> now = new HashMap<>();
    for (AppealFact f : facts) if (f.cluster() != null) now.merge(f.cluster(), 1, Integer::sum);
    Map<String, Integer> before = new HashMap<>();
    for (AppealFact f : previous) if (f.cluster() != null) before.merge(f.cluster(), 1, Integer::sum);
    return now.entrySet().stream().filter(e -> e.getValue() >= 2)
        .map(e -> new ClusterCount(e.getKey(), e.getValue(), before.getOrDefault(e.getKey(), 0)))
        .sorted(Comparator.comparingInt((ClusterCount c) -> -c.count()).thenComparing(ClusterCount::cluster))
        .limit(limit).toList();
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
