package org.swiftline.gateway.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.swiftline.gateway.appeals.AppealStatus;
import org.swiftline.gateway.store.AppealFact;
import org.swiftline.gateway.store.AppealTally;
import org.swiftline.gateway.store.AppealTimes;
import org.swiftline.gateway.store.TallyQuery;

/**
 * The figures on a small data set whose every number is worked out by hand below, from the tallies and
 * times that the facts give ({@link AppealTally#count}, {@link AppealTimes#of}: what the stores give too, as
 * {@code AppealStoreContract} checks).
 */
class AppealFiguresTest {
  static final Period NOVEMBER_1_TO_3 = new Period(LocalDate.parse("2026-11-01"), LocalDate.parse("2026-11-03"));
  static final AppealFigures.Names NAMES = new AppealFigures.Names() {
    @Override
    public String category(String id) {
      return "cat:" + id;
    }

    @Override
    public String district(String id) {
      return "dist:" + id;
    }

    @Override
    public String department(String id) {
      return "dept:" + id;
    }
  };

  static AppealFact fact(String number, String at, String category, String district, Long responseAfter,
      Long resolvedAfter, Boolean solved, Integer satisfaction, String cluster) {
    Instant t = Instant.parse(at);
    return new AppealFact(number, t, "en", category, district, category == null ? null : "dept-" + category,
        resolvedAfter == null ? AppealStatus.DISPATCHED : AppealStatus.CLOSED,
        responseAfter == null ? null : t.plusSeconds(responseAfter), resolvedAfter == null ? null : t.plusSeconds(resolvedAfter),
        solved, satisfaction, cluster);
  }

  // Five appeals in the period, three before it.
  static final List<AppealFact> NOW = List.of(
      fact("20261101-000001", "2026-11-01T10:00:00Z", "streetlights", "xicheng", 3600L, 18000L, true, 5, "20261101-000001"),
      fact("20261101-000002", "2026-11-01T12:00:00Z", "streetlights", "xicheng", 10800L, 36000L, false, 2, "20261101-000001"),
      fact("20261102-000003", "2026-11-02T09:00:00Z", "noise", "haidian", 7200L, null, null, null, null),
      fact("20261103-000004", "2026-11-03T08:00:00Z", "streetlights", "xicheng", 1800L, 7200L, true, 4, "20261101-000001"),
      fact("20261103-000005", "2026-11-03T23:59:59Z", null, null, null, null, null, null, null));
  static final List<AppealFact> BEFORE = List.of(
      fact("20261029-000006", "2026-10-29T10:00:00Z", "streetlights", "xicheng", null, null, null, null, null),
      fact("20261030-000007", "2026-10-30T10:00:00Z", "noise", "haidian", null, null, null, null, null),
      fact("20261031-000008", "2026-10-31T10:00:00Z", "noise", "haidian", null, null, null, null, null));

  final AppealFigures figures = new AppealFigures(NOVEMBER_1_TO_3, NAMES);

  static List<AppealTally> now(TallyQuery q) {
    return AppealTally.count(q, NOW);
  }

  static List<AppealTally> before(TallyQuery q) {
    return AppealTally.count(q, BEFORE);
  }

  @Test
  void countsAppealsPerDayByCategoryTheLargestFirst() {
    JsonObject perDay = figures.perDay(now(figures.perDayQuery()));
    assertEquals(new JsonArray(List.of("2026-11-01", "2026-11-02", "2026-11-03")), perDay.getJsonArray("days"));
    assertEquals(5, perDay.getInteger("total"));
    JsonArray categories = perDay.getJsonArray("categories");
    assertEquals("streetlights", categories.getJsonObject(0).getString("category"));
    assertEquals("cat:streetlights", categories.getJsonObject(0).getString("name"));
    assertEquals(new JsonArray(List.of(2, 0, 1)), categories.getJsonObject(0).getJsonArray("counts"));
    assertNull(categories.getJsonObject(1).getString("category"), "not classified: 1, sorted before noise: 1");
    assertEquals(new JsonArray(List.of(0, 0, 1)), categories.getJsonObject(1).getJsonArray("counts"));
    assertEquals(new JsonArray(List.of(0, 1, 0)), categories.getJsonObject(2).getJsonArray("counts"));
  }

  @Test
  void resolutionRateIsSolvedOverVerdictsAndSatisfactionRateIsFourOrFiveOverRatings() {
    JsonObject rates = figures.rates(now(figures.ratesQuery()));
    JsonObject total = rates.getJsonObject("total");
    assertEquals(5, total.getInteger("filed"));
    assertEquals(3, total.getInteger("resolved"));
    assertEquals(3, total.getInteger("verdicts"));
    assertEquals(2, total.getInteger("solved"));
    assertEquals(0.6667, total.getDouble("resolutionRate")); // 2 of 3
    assertEquals(3, total.getInteger("ratings"));
    assertEquals(2, total.getInteger("satisfied")); // 5 and 4, not 2
    assertEquals(0.6667, total.getDouble("satisfactionRate"));
    assertEquals(3.6667, total.getDouble("meanSatisfaction")); // (5 + 2 + 4) / 3
    JsonObject first = rates.getJsonArray("days").getJsonObject(0);
    assertEquals("2026-11-01", first.getString("day"));
    assertEquals(0.5, first.getDouble("resolutionRate"));
    assertEquals(0.5, first.getDouble("satisfactionRate"));
    assertEquals(3.5, first.getDouble("meanSatisfaction"));
    JsonObject second = rates.getJsonArray("days").getJsonObject(1);
    assertEquals(1, second.getInteger("filed"));
    assertNull(second.getValue("resolutionRate"), "no verdict that day: no rate, not 0");
    assertNull(second.getValue("meanSatisfaction"));
  }

  @Test
  void responseTimesAreNearestRankMedianAndNinetiethPercentile() {
    JsonObject times = figures.responseTimes(AppealTimes.of(figures.responseTimesQuery(), NOW));
    // first responses 1800, 3600, 7200, 10800: median rank ceil(0.5*4)=2, p90 rank ceil(0.9*4)=4
    JsonObject first = times.getJsonObject("firstResponse");
    assertEquals(4, first.getInteger("count"));
    assertEquals(3600L, first.getLong("medianSeconds"));
    assertEquals(10800L, first.getLong("p90Seconds"));
    // resolutions 7200, 18000, 36000: median rank 2, p90 rank ceil(2.7)=3
    JsonObject resolution = times.getJsonObject("resolution");
    assertEquals(3, resolution.getInteger("count"));
    assertEquals(18000L, resolution.getLong("medianSeconds"));
    assertEquals(36000L, resolution.getLong("p90Seconds"));
    JsonObject day1 = times.getJsonArray("days").getJsonObject(0);
    assertEquals(3600L, day1.getLong("firstResponseMedianSeconds")); // 3600, 10800: rank 1
    assertEquals(18000L, day1.getLong("resolutionMedianSeconds"));
    assertNull(times.getJsonArray("days").getJsonObject(1).getValue("resolutionMedianSeconds"));
    assertNull(AppealFigures.percentile(List.of(), 50));
    assertEquals(7L, AppealFigures.percentile(List.of(7L), 90));
  }

  JsonArray topPlaces(int limit) {
    return figures.topPlaces(now(AppealFigures.placesQuery(NOVEMBER_1_TO_3)),
        before(AppealFigures.placesQuery(NOVEMBER_1_TO_3.previous())), limit);
  }

  JsonObject breakdown(AppealFigures.Dimension by) {
    return figures.breakdown(by, now(figures.breakdownQuery(by)));
  }

  @Test
  void topPlacesCompareWithThePreviousPeriod() {
    JsonArray places = topPlaces(10);
    assertEquals(3, places.size());
    JsonObject top = places.getJsonObject(0);
    assertEquals("streetlights", top.getString("category"));
    assertEquals("dist:xicheng", top.getString("districtName"));
    assertEquals(3, top.getInteger("count"));
    assertEquals(1, top.getInteger("previous"));
    assertEquals(2.0, top.getDouble("growth")); // (3 - 1) / 1
    // of the two with one appeal, the new one (no previous) ranks before the shrinking one
    assertNull(places.getJsonObject(1).getString("category"));
    assertNull(places.getJsonObject(1).getValue("growth"));
    assertEquals("noise", places.getJsonObject(2).getString("category"));
    assertEquals(-0.5, places.getJsonObject(2).getDouble("growth")); // (1 - 2) / 2
    assertEquals(1, topPlaces(1).size());
  }

  @Test
  void clustersWithTwoOrMoreAppealsInThePeriodAreCounted() {
    List<AppealFigures.ClusterCount> clusters = figures.topClusters(now(AppealFigures.clustersQuery(NOVEMBER_1_TO_3)),
        before(AppealFigures.clustersQuery(NOVEMBER_1_TO_3.previous())), 10);
    assertEquals(List.of(new AppealFigures.ClusterCount("20261101-000001", 3, 0)), clusters);
  }

  @Test
  void breaksDownByDepartmentDistrictAndStatus() {
    JsonObject byDistrict = breakdown(AppealFigures.Dimension.DISTRICT);
    assertEquals("xicheng", byDistrict.getJsonArray("counts").getJsonObject(0).getString("key"));
    assertEquals(3, byDistrict.getJsonArray("counts").getJsonObject(0).getInteger("count"));
    assertEquals("dept:dept-streetlights",
        breakdown(AppealFigures.Dimension.DEPARTMENT).getJsonArray("counts").getJsonObject(0).getString("name"));
    JsonArray byStatus = breakdown(AppealFigures.Dimension.STATUS).getJsonArray("counts");
    assertEquals("closed", byStatus.getJsonObject(0).getString("key"));
    assertEquals(3, byStatus.getJsonObject(0).getInteger("count"));
    assertThrows(IllegalArgumentException.class, () -> AppealFigures.Dimension.fromWire("colour"));
  }

  @Test
  void periodsAreWholeUtcDaysAndBadOnesAreRefused() {
    Clock clock = Clock.fixed(Instant.parse("2026-11-28T15:00:00Z"), ZoneOffset.UTC);
    Period last30 = Period.parse(null, null, clock);
    assertEquals(LocalDate.parse("2026-10-30"), last30.from());
    assertEquals(LocalDate.parse("2026-11-28"), last30.to());
    assertEquals(Instant.parse("2026-11-29T00:00:00Z"), last30.end());
    assertEquals(new Period(LocalDate.parse("2026-10-29"), LocalDate.parse("2026-10-31")), NOVEMBER_1_TO_3.previous());
    assertEquals(-1, NOVEMBER_1_TO_3.dayIndex(Instant.parse("2026-11-04T00:00:00Z")));
    assertEquals(2, NOVEMBER_1_TO_3.dayIndex(Instant.parse("2026-11-03T23:59:59Z")));
    IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> Period.parse("2026-13-01", null, clock));
    assertTrue(bad.getMessage().startsWith("from must be an ISO date"), bad.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Period.parse("2026-11-05", "2026-11-01", clock));
    assertThrows(IllegalArgumentException.class, () -> Period.parse("2020-01-01", "2026-01-01", clock));
    assertThrows(IllegalArgumentException.class, () -> Period.parse(null, "yesterday", clock));
  }

  @Test
  void periodsInATimeZoneRunFromLocalMidnightToLocalMidnight() {
    java.time.ZoneId beijing = java.time.ZoneId.of("Asia/Shanghai");
    Period november1to3 = new Period(LocalDate.parse("2026-11-01"), LocalDate.parse("2026-11-03"), beijing);
    assertEquals(Instant.parse("2026-10-31T16:00:00Z"), november1to3.start());
    assertEquals(Instant.parse("2026-11-03T16:00:00Z"), november1to3.end());
    assertEquals(List.of(Instant.parse("2026-10-31T16:00:00Z"), Instant.parse("2026-11-01T16:00:00Z"),
        Instant.parse("2026-11-02T16:00:00Z")), november1to3.dayStarts());
    assertEquals(beijing, november1to3.previous().zone());
    // 2026-11-03T23:59:59Z is already the 4th in Beijing: outside; 2026-11-01T12:00Z is 20:00 on the 1st
    assertEquals(-1, november1to3.dayIndex(Instant.parse("2026-11-03T23:59:59Z")));
    assertEquals(0, november1to3.dayIndex(Instant.parse("2026-11-01T12:00:00Z")));
    assertEquals(1, november1to3.dayIndex(Instant.parse("2026-11-01T16:00:00Z")));
    // today is the zone's: at 20:00 UTC on the 28th it is the 29th in Beijing
    Clock clock = Clock.fixed(Instant.parse("2026-11-28T20:00:00Z"), ZoneOffset.UTC);
    assertEquals(LocalDate.parse("2026-11-29"), Period.parse(null, null, clock, beijing).to());
    assertEquals(LocalDate.parse("2026-11-28"), Period.parse(null, null, clock).to());

    // the figures count by the zone's days: of NOW, 20261103-000005 (23:59:59Z on the 3rd) falls outside,
    // and 20261101-000002 (12:00Z on the 1st, 20:00 in Beijing) stays on the 1st
    AppealFigures local = new AppealFigures(november1to3, NAMES);
    JsonObject perDay = local.perDay(AppealTally.count(local.perDayQuery(), NOW));
    assertEquals(4, perDay.getInteger("total"));
    assertEquals(new JsonArray(List.of(2, 0, 1)), perDay.getJsonArray("categories").getJsonObject(0).getJsonArray("counts"));

    // where summer time ends, that day lasts 25 hours
    Period autumn = new Period(LocalDate.parse("2026-10-24"), LocalDate.parse("2026-10-26"), java.time.ZoneId.of("Europe/Berlin"));
    List<Instant> starts = autumn.dayStarts();
    assertEquals(java.time.Duration.ofHours(25), java.time.Duration.between(starts.get(1), starts.get(2)));
    assertEquals(1, autumn.dayIndex(Instant.parse("2026-10-25T22:59:59Z")));
    assertEquals(2, autumn.dayIndex(Instant.parse("2026-10-25T23:00:00Z")));
    assertEquals(1, AppealTally.count(TallyQuery.of(autumn.start(), autumn.end()).byDays(starts),
        List.of(fact("20261025-000009", "2026-10-25T22:59:59Z", "noise", null, null, null, null, null, null))).get(0).group().day());
  }
}
