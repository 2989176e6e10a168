package org.swiftline.gateway.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.swiftline.bots.ChannelIdentity;
import org.swiftline.gateway.appeals.Appeal;
import org.swiftline.gateway.appeals.AppealStatus;
import org.swiftline.gateway.appeals.AuditEntry;
import org.swiftline.gateway.appeals.Change;
import org.swiftline.gateway.appeals.DepartmentKey;
import org.swiftline.gateway.appeals.Lifecycle;

/**
 * The contract every {@link AppealStore} passes. To test an implementation, extend this class and open
 * fresh, empty stores in {@link #open}.
 */
public abstract class AppealStoreContract extends StoresUnderTest {
  protected static final Instant T0 = Instant.parse("2026-11-28T10:00:00Z");
  protected static final ChannelIdentity ANN = new ChannelIdentity("web", "ann");
  protected static final ChannelIdentity BOB = new ChannelIdentity("telegram", "bob");
  protected AppealStore appeals;
  private final Lifecycle lifecycle = new Lifecycle(Clock.fixed(T0.plusSeconds(3600), ZoneOffset.UTC));


  @BeforeEach
  void views() {
    appeals = stores.appeals();
  }

  /** Files an appeal as the dialogue does: received, then routed when a department is given. */
  protected Appeal file(ChannelIdentity who, String department, String category, Instant at) {
    String number = appeals.nextNumber(at).await();
    Appeal received = new Appeal(number, who, "conv-" + who.userId(), "en", category, 0.8, null, "xicheng",
        "5 Xinjiekou street", "the streetlight is out", "for a week", "+86 138 0013 8000", true,
        AppealStatus.RECEIVED, null, at, at, 1);
    List<AuditEntry> trail = new ArrayList<>();
    trail.add(new AuditEntry(number, at, "citizen", null, AppealStatus.RECEIVED, null));
    Appeal stored = received;
    if (department != null) {
      stored = received.moved(AppealStatus.DISPATCHED, department, null, at);
      trail.add(new AuditEntry(number, at, "router", AppealStatus.RECEIVED, AppealStatus.DISPATCHED, "category " + category));
    }
    return appeals.insert(stored, trail, null).await();
  }

  @Test
  void numbersAreUniqueAndStartWithTheFilingDate() {
    List<Future<String>> taken = new ArrayList<>();
    for (int i = 0; i < 50; i++) taken.add(appeals.nextNumber(T0));
    Future.all(taken).await();
    Set<String> numbers = new HashSet<>();
    for (Future<String> f : taken) {
      assertTrue(f.result().matches("20261128-\\d{6}"), f.result());
      numbers.add(f.result());
    }
    assertEquals(50, numbers.size());
  }

  @Test
  void aFiledAppealIsFoundWholeWithItsTrail() {
    Appeal filed = file(ANN, "city-management", "streetlights", T0);
    Appeal found = appeals.find(filed.number()).await().orElseThrow();
    assertEquals(filed, found);
    assertEquals(AppealStatus.DISPATCHED, found.status());
    assertEquals("+86 138 0013 8000", found.phone());
    List<AuditEntry> trail = appeals.trail(filed.number()).await();
    assertEquals(2, trail.size());
    assertNull(trail.get(0).from());
    assertEquals(AppealStatus.RECEIVED, trail.get(0).to());
    assertEquals("router", trail.get(1).actor());
    assertEquals(Optional.empty(), appeals.find("20261128-999999").await());
    assertTrue(appeals.trail("20261128-999999").await().isEmpty());
  }

  @Test
  void aSecondFilingWithTheSameRequestKeyReturnsTheFirstAppeal() {
    String first = appeals.nextNumber(T0).await();
    Appeal a = new Appeal(first, ANN, "c", "zh", null, 0.1, null, null, null, "路灯坏了", null, null, false,
        AppealStatus.RECEIVED, null, T0, T0, 1);
    appeals.insert(a, List.of(new AuditEntry(first, T0, "citizen", null, AppealStatus.RECEIVED, null)), "draft-1").await();
    String second = appeals.nextNumber(T0).await();
    Appeal again = new Appeal(second, ANN, "c", "zh", null, 0.1, null, null, null, "路灯坏了", null, null, false,
        AppealStatus.RECEIVED, null, T0, T0, 1);
    Appeal stored = appeals.insert(again, List.of(new AuditEntry(second, T0, "citizen", null, AppealStatus.RECEIVED, null)),
        "draft-1").await();
    assertEquals(first, stored.number());
    assertEquals(Optional.empty(), appeals.find(second).await());
    assertEquals(1, appeals.search(AppealQuery.ofCitizen(ANN, 10)).await().size());
    assertEquals(1, appeals.trail(first).await().size());
  }

  @Test
  void aChangeIsStoredWithItsTrailLineAndAChangeToAnOlderVersionIsRefused() {
    Appeal filed = file(ANN, "city-management", "streetlights", T0);
    Change accept = lifecycle.accept(filed, "department:city-management", "on it");
    Appeal accepted = appeals.update(accept).await();
    assertEquals(AppealStatus.IN_PROGRESS, appeals.find(filed.number()).await().orElseThrow().status());
    assertEquals(filed.version() + 1, accepted.version());
    // a second change made to the same (now old) version
    Throwable stale = assertThrows(RuntimeException.class,
        () -> appeals.update(lifecycle.toTriage(filed, "department:city-management", null)).await());
    assertInstanceOf(StaleAppeal.class, stale);
    assertEquals(AppealStatus.IN_PROGRESS, appeals.find(filed.number()).await().orElseThrow().status());
    List<AuditEntry> trail = appeals.trail(filed.number()).await();
    assertEquals(3, trail.size(), "the refused change left no trail line");
    assertEquals("on it", trail.get(2).note());
    assertEquals(T0.plusSeconds(3600), trail.get(2).at());
  }

  @Test
  void ofConcurrentChangesToOneVersionExactlyOneWins() {
    Appeal filed = file(ANN, "city-management", "streetlights", T0);
    List<Future<Appeal>> changes = new ArrayList<>();
    for (int i = 0; i < 10; i++) changes.add(appeals.update(lifecycle.note(filed, "admin", "note " + i)));
    Future.join(changes).otherwise(e -> null).await();
    assertEquals(1, changes.stream().filter(Future::succeeded).count());
    assertEquals(3, appeals.trail(filed.number()).await().size());
  }

  @Test
  void searchesByCitizenDepartmentTriageStatusCategoryAndTimeNewestFirst() {
    Appeal a1 = file(ANN, "city-management", "streetlights", T0);
    Appeal a2 = file(ANN, null, null, T0.plusSeconds(10));
    Appeal b1 = file(BOB, "city-management", "streetlights", T0.plusSeconds(20));
    Appeal b2 = file(BOB, "ecology-environment", "noise", T0.plusSeconds(30));

    assertEquals(List.of(a2.number(), a1.number()), numbers(AppealQuery.ofCitizen(ANN, 10)));
    assertEquals(List.of(b2.number(), b1.number()), numbers(AppealQuery.ofCitizen(BOB, 10)));
    assertEquals(List.of(b1.number(), a1.number()), numbers(AppealQuery.ofDepartment("city-management", Set.of(), 10)));
    assertEquals(List.of(a2.number()), numbers(AppealQuery.triageQueue(10)));
    assertEquals(List.of(b2.number()), numbers(new AppealQuery(null, null, false, null, Set.of("noise"), null, null, 10)));
    assertEquals(List.of(b1.number(), a2.number()),
        numbers(new AppealQuery(null, null, false, null, null, T0.plusSeconds(10), T0.plusSeconds(30), 10)));
    assertEquals(List.of(b2.number()), numbers(new AppealQuery(null, null, false, null, null, null, null, 1)));
    assertEquals(List.of(a2.number()),
        numbers(new AppealQuery(null, null, false, Set.of(AppealStatus.RECEIVED), null, null, null, 10)));

    // sending one back to triage moves it from the department's list to the queue
    appeals.update(lifecycle.toTriage(b1, "department:city-management", "not ours")).await();
    assertEquals(List.of(a1.number()), numbers(AppealQuery.ofDepartment("city-management", Set.of(), 10)));
    assertEquals(List.of(b1.number(), a2.number()), numbers(AppealQuery.triageQueue(10)));
    // and routing it again moves it to the new department
    Appeal back = appeals.find(b1.number()).await().orElseThrow();
    appeals.update(lifecycle.route(back, "transport", "admin", null)).await();
    assertEquals(List.of(b1.number()), numbers(AppealQuery.ofDepartment("transport", Set.of(AppealStatus.DISPATCHED), 10)));
    assertEquals(List.of(a2.number()), numbers(AppealQuery.triageQueue(10)));
  }

  @Test
  void searchesPastManyAppealsThatDoNotMatch() {
    for (int i = 0; i < 230; i++) file(BOB, "transport", "transport-taxi", T0.plusSeconds(i));
    Appeal old = file(ANN, "transport", "streetlights", T0.minusSeconds(10));
    assertEquals(List.of(old.number()), numbers(new AppealQuery(null, "transport", false, null, Set.of("streetlights"), null, null, 5)));
    assertEquals(230, numbers(AppealQuery.ofCitizen(BOB, 1000)).size());
  }

  @Test
  void storesFindsAndRevokesDepartmentKeys() {
    DepartmentKey key = new DepartmentKey("k1a2b3c4d5", "transport", "c2FsdA==", "aGFzaA==", 1000, T0, null);
    appeals.saveKey(key).await();
    assertEquals(Optional.of(key), appeals.findKey("k1a2b3c4d5").await());
    assertEquals(Optional.empty(), appeals.findKey("unknownkey").await());
    DepartmentKey revoked = new DepartmentKey(key.id(), key.department(), key.salt(), key.hash(), key.iterations(),
        key.createdAt(), T0.plusSeconds(5));
    appeals.saveKey(revoked).await();
    assertEquals(T0.plusSeconds(5), appeals.findKey("k1a2b3c4d5").await().orElseThrow().revokedAt());
  }

  @Test
  void factsRecordTheFirstStaffResponseTheFirstResolutionTheLatestVerdictAndTheRating() {
    Appeal filed = file(ANN, "city-management", "streetlights", T0);
    Appeal other = file(BOB, null, null, T0.plusSeconds(5));
    AppealFact fresh = appeals.fact(filed.number()).await().orElseThrow();
    assertNull(fresh.firstResponseAt());
    assertNull(fresh.resolvedAt());
    assertNull(fresh.solved());
    assertNull(fresh.satisfaction());
    assertEquals("xicheng", fresh.district());
    assertEquals(AppealStatus.DISPATCHED, fresh.status());

    Lifecycle at1 = new Lifecycle(Clock.fixed(T0.plusSeconds(600), ZoneOffset.UTC));
    Lifecycle at2 = new Lifecycle(Clock.fixed(T0.plusSeconds(7200), ZoneOffset.UTC));
    Lifecycle at3 = new Lifecycle(Clock.fixed(T0.plusSeconds(9000), ZoneOffset.UTC));
    Appeal a = appeals.update(at1.accept(filed, "department:city-management", null)).await();
    a = appeals.update(at2.note(a, "department:city-management", "lamp ordered")).await();
    a = appeals.update(at2.resolve(a, "department:city-management", "replaced")).await();
    a = appeals.update(at3.reopen(a, "citizen", "still dark")).await();
    AppealFact reopened = appeals.fact(filed.number()).await().orElseThrow();
    assertEquals(T0.plusSeconds(600), reopened.firstResponseAt(), "the first response stays the first");
    assertEquals(T0.plusSeconds(7200), reopened.resolvedAt());
    assertEquals(Boolean.FALSE, reopened.solved());
    a = appeals.update(at3.accept(a, "department:city-management", null)).await();
    a = appeals.update(at3.resolve(a, "department:city-management", "replaced again")).await();
    appeals.update(at3.close(a, "citizen", null)).await();
    appeals.rate(filed.number(), 2, T0.plusSeconds(9100)).await();
    appeals.rate(filed.number(), 4, T0.plusSeconds(9200)).await();
    AppealFact closed = appeals.fact(filed.number()).await().orElseThrow();
    assertEquals(T0.plusSeconds(7200), closed.resolvedAt(), "the first resolution is kept");
    assertEquals(Boolean.TRUE, closed.solved(), "the latest verdict counts");
    assertEquals(4, closed.satisfaction(), "a later rating replaces an earlier one");
    assertEquals(AppealStatus.CLOSED, closed.status());

    // an administrator closing is no verdict; the router is no response
    Appeal routed = appeals.update(at1.route(other, "transport", "router", null)).await();
    assertNull(appeals.fact(routed.number()).await().orElseThrow().firstResponseAt());
    assertThrows(RuntimeException.class, () -> appeals.rate("20261128-999999", 3, T0).await());
    assertThrows(IllegalArgumentException.class, () -> appeals.rate(filed.number(), 6, T0).await());

    List<AppealFact> facts = appeals.facts(T0, T0.plusSeconds(6)).await();
    assertEquals(List.of(filed.number(), other.number()), facts.stream().map(AppealFact::number).toList());
    assertEquals(List.of(other.number()), appeals.facts(T0.plusSeconds(1), T0.plusSeconds(6)).await().stream()
        .map(AppealFact::number).toList());
    assertTrue(appeals.facts(T0.plusSeconds(6), T0.plusSeconds(60)).await().isEmpty());
  }

  @Test
  void linksSimilarAppealsIntoAClusterOldestFirst() {
    Appeal first = file(ANN, "civil-affairs", "eldercare", T0);
    Appeal second = file(BOB, "civil-affairs", "eldercare", T0.plusSeconds(10));
    Appeal third = file(BOB, "civil-affairs", "eldercare", T0.plusSeconds(20));
    appeals.link(first.number(), first.number()).await();
    appeals.link(third.number(), first.number()).await();
    appeals.link(second.number(), first.number()).await();
    assertEquals(List.of(first.number(), second.number(), third.number()), appeals.cluster(first.number()).await());
    assertEquals(first.number(), appeals.fact(third.number()).await().orElseThrow().cluster());
    // moved to another cluster, it leaves the first one
    appeals.link(third.number(), third.number()).await();
    assertEquals(List.of(first.number(), second.number()), appeals.cluster(first.number()).await());
    assertEquals(List.of(third.number()), appeals.cluster(third.number()).await());
    assertTrue(appeals.cluster("20261128-999999").await().isEmpty());
    assertThrows(RuntimeException.class, () -> appeals.link("20261128-999999", first.number()).await());
  }

  @Test
  void pagesTheAppealsOfAPeriodOldestFirstWithTheirFactsByKey() {
    List<Appeal> filed = new ArrayList<>();
    for (int i = 0; i < 4; i++) filed.add(file(ANN, "transport", "transport-taxi", T0.plusSeconds(i)));
    for (int i = 0; i < 3; i++) filed.add(file(BOB, "transport", "transport-taxi", T0.plusSeconds(5))); // one instant, by number
    file(ANN, "transport", "transport-taxi", T0.minusMillis(1));
    file(ANN, "transport", "transport-taxi", T0.plusSeconds(100));
    appeals.rate(filed.get(0).number(), 5, T0.plusSeconds(200)).await();
    appeals.link(filed.get(1).number(), filed.get(1).number()).await();
    Instant to = T0.plusSeconds(100);
    List<AppealRow> first = appeals.page(T0, to, null, 3).await();
    assertEquals(filed.subList(0, 3), first.stream().map(AppealRow::appeal).toList());
    for (AppealRow row : first) assertEquals(appeals.fact(row.appeal().number()).await().orElseThrow(), row.fact());
    assertEquals(5, first.get(0).fact().satisfaction());
    assertEquals(filed.get(1).number(), first.get(1).fact().cluster());
    // an appeal filed meanwhile before the last row read neither shifts the next pages nor repeats a row
    file(BOB, "transport", "transport-taxi", T0.plusMillis(500));
    List<Appeal> paged = new ArrayList<>(first.stream().map(AppealRow::appeal).toList());
    AppealRow after = first.get(first.size() - 1);
    while (true) {
      List<AppealRow> page = appeals.page(T0, to, after, 3).await();
      page.forEach(r -> paged.add(r.appeal()));
      if (page.size() < 3) break;
      after = page.get(page.size() - 1);
    }
    assertEquals(filed, paged);
    assertTrue(appeals.page(T0, to, new AppealRow(filed.get(6), appeals.fact(filed.get(6).number()).await().orElseThrow()), 3)
        .await().isEmpty());
    assertEquals(List.of(filed.get(4).number(), filed.get(5).number()), appeals.page(T0.plusSeconds(5), to, null, 2).await()
        .stream().map(r -> r.appeal().number()).toList());
  }

  /** Files an appeal with these keys. */
  protected Appeal file(ChannelIdentity who, String department, String category, String district, String language, Instant at) {
    String number = appeals.nextNumber(at).await();
    Appeal a = new Appeal(number, who, null, language, category, 0.8, department, district, null, "something is wrong", null,
        null, false, department == null ? AppealStatus.RECEIVED : AppealStatus.DISPATCHED, null, at, at, 1);
    return appeals.insert(a, List.of(new AuditEntry(number, at, "citizen", null, AppealStatus.RECEIVED, null)), null).await();
  }

  private static Lifecycle at(Instant at) {
    return new Lifecycle(Clock.fixed(at, ZoneOffset.UTC));
  }

  /** Days of 12, 12 and 24 hours from 2026-11-28T00:00Z, so that no day index is the arithmetic one. */
  static final Instant FROM = Instant.parse("2026-11-28T00:00:00Z");
  static final Instant TO = Instant.parse("2026-11-30T00:00:00Z");
  static final List<Instant> DAYS = List.of(FROM, Instant.parse("2026-11-28T12:00:00Z"), Instant.parse("2026-11-29T00:00:00Z"));

  /**
   * Six appeals, two outside the period: a1 (day 0) and a2 (day 1) reported streetlights in Xicheng, were
   * answered and resolved, a1 solved and rated 5, a2 not solved and rated 2, both in a1's group; a3 (day 2,
   * on its first instant) reported noise in Haidian in Chinese, untouched; a6 (day 2) is not classified,
   * has no district and was rated 4.
   */
  private List<Appeal> fileForTallies() {
    Appeal a1 = file(ANN, "city-management", "streetlights", "xicheng", "en", T0);
    Appeal a2 = file(BOB, "city-management", "streetlights", "xicheng", "en", T0.plusSeconds(3 * 3600));
    Appeal a3 = file(BOB, "ecology-environment", "noise", "haidian", "zh", Instant.parse("2026-11-29T00:00:00Z"));
    file(ANN, "city-management", "streetlights", "xicheng", "en", FROM.minusMillis(1));
    file(ANN, "city-management", "streetlights", "xicheng", "en", TO);
    Appeal a6 = file(ANN, null, null, null, "en", T0.plusSeconds(24 * 3600));
    Appeal a = appeals.update(at(T0.plusMillis(600_500)).accept(a1, "department:city-management", null)).await();
    a = appeals.update(at(T0.plusSeconds(7200)).resolve(a, "department:city-management", "fixed")).await();
    appeals.update(at(T0.plusSeconds(9000)).close(a, "citizen", null)).await();
    appeals.rate(a1.number(), 5, T0.plusSeconds(9100)).await();
    Instant t2 = a2.createdAt();
    a = appeals.update(at(t2.plusSeconds(1800)).accept(a2, "department:city-management", null)).await();
    a = appeals.update(at(t2.plusSeconds(3600)).resolve(a, "department:city-management", "fixed")).await();
    appeals.update(at(t2.plusSeconds(4000)).reopen(a, "citizen", "still dark")).await();
    appeals.rate(a2.number(), 2, t2.plusSeconds(4100)).await();
    appeals.rate(a6.number(), 4, a6.createdAt().plusSeconds(60)).await();
    appeals.link(a1.number(), a1.number()).await();
    appeals.link(a2.number(), a1.number()).await();
    return List.of(a1, a2, a3, a6);
  }

  private static AppealGroup day(int day) {
    return new AppealGroup(day, null, null, null, null, null, null);
  }

  private static AppealTally tally(AppealGroup group, int filed, int resolved, int verdicts, int solved, int... ratings) {
    return new AppealTally(group, filed, new AppealTally.Outcomes(resolved, verdicts, solved, java.util.Arrays.stream(ratings).boxed().toList()));
  }

  @Test
  void talliesTheAppealsOfAPeriodAndTheirOutcomesByDayOnTheDaysGiven() {
    fileForTallies();
    TallyQuery byDay = TallyQuery.of(FROM, TO).byDays(DAYS).withOutcomes();
    assertEquals(List.of(
        tally(day(0), 1, 1, 1, 1, 0, 0, 0, 0, 1),
        tally(day(1), 1, 1, 1, 0, 0, 1, 0, 0, 0),
        tally(day(2), 2, 0, 0, 0, 0, 0, 0, 1, 0)), appeals.tally(byDay).await());
    assertEquals(List.of(tally(day(-1), 4, 2, 2, 1, 0, 1, 0, 1, 1)), appeals.tally(TallyQuery.of(FROM, TO).withOutcomes()).await());
    assertEquals(List.of(new AppealTally(day(0), 1, null), new AppealTally(day(1), 1, null), new AppealTally(day(2), 2, null)),
        appeals.tally(TallyQuery.of(FROM, TO).byDays(DAYS)).await(), "without outcomes, only the appeals filed");
    assertEquals(List.of(), appeals.tally(TallyQuery.of(TO, TO.plusMillis(1)).byDays(List.of(TO)).clustered()).await());
    assertEquals(List.of(), appeals.tally(TallyQuery.of(TO.plusMillis(1), TO.plusSeconds(60)).withOutcomes()).await());
  }

  @Test
  void talliesByEveryKeyNoValueFirst() {
    List<Appeal> a = fileForTallies();
    List<AppealTally> byCategory = appeals.tally(TallyQuery.of(FROM, TO, AppealGroup.Key.CATEGORY)).await();
    assertEquals(java.util.Arrays.asList(null, "noise", "streetlights"), byCategory.stream().map(t -> t.group().category()).toList());
    assertEquals(List.of(1, 1, 2), byCategory.stream().map(AppealTally::filed).toList());
    List<AppealTally> clusters = appeals.tally(TallyQuery.of(FROM, TO, AppealGroup.Key.CLUSTER, AppealGroup.Key.STATUS)
        .byDays(DAYS).clustered().withOutcomes()).await();
    assertEquals(List.of(
        tally(new AppealGroup(0, null, null, null, AppealStatus.CLOSED, null, a.get(0).number()), 1, 1, 1, 1, 0, 0, 0, 0, 1),
        tally(new AppealGroup(1, null, null, null, AppealStatus.REOPENED, null, a.get(0).number()), 1, 1, 1, 0, 0, 1, 0, 0, 0)),
        clusters);
    // every key and pair of keys, by day and not, give what the facts give
    List<AppealFact> facts = appeals.facts(FROM, TO).await();
    assertEquals(4, facts.size());
    for (AppealGroup.Key k : AppealGroup.Key.values()) {
      for (AppealGroup.Key other : AppealGroup.Key.values()) {
        for (TallyQuery q : List.of(TallyQuery.of(FROM, TO, k, other).withOutcomes(), TallyQuery.of(FROM, TO, k, other).byDays(DAYS),
            TallyQuery.of(FROM, TO, k, other).byDays(DAYS).withOutcomes(), TallyQuery.of(FROM, TO, k).clustered())) {
          assertEquals(AppealTally.count(q, facts), appeals.tally(q).await(), q.toString());
        }
      }
    }
    List<AppealTally> byLanguage = appeals.tally(TallyQuery.of(FROM, TO, AppealGroup.Key.LANGUAGE, AppealGroup.Key.DISTRICT)).await();
    assertEquals(List.of(new AppealGroup(-1, null, null, null, null, "en", null), new AppealGroup(-1, null, null, "haidian", null, "zh", null),
        new AppealGroup(-1, null, null, "xicheng", null, "en", null)), byLanguage.stream().map(AppealTally::group).toList(),
        "in key order: the district before the language");
  }

  @Test
  void givesTheTimesToFirstResponseAndResolutionInWholeSecondsByDay() {
    fileForTallies();
    TallyQuery byDay = TallyQuery.of(FROM, TO).byDays(DAYS);
    assertEquals(List.of(
        new AppealTimes(day(0), List.of(600L), List.of(7200L)),
        new AppealTimes(day(1), List.of(1800L), List.of(3600L))), appeals.times(byDay).await());
    assertEquals(List.of(new AppealTimes(day(-1), List.of(600L, 1800L), List.of(3600L, 7200L))),
        appeals.times(TallyQuery.of(FROM, TO)).await());
    List<AppealFact> facts = appeals.facts(FROM, TO).await();
    for (TallyQuery q : List.of(TallyQuery.of(FROM, TO, AppealGroup.Key.STATUS, AppealGroup.Key.LANGUAGE).byDays(DAYS),
        TallyQuery.of(FROM, TO, AppealGroup.Key.CATEGORY).clustered())) {
      assertEquals(AppealTimes.of(q, facts), appeals.times(q).await(), q.toString());
    }
  }

  private List<String> numbers(AppealQuery q) {
    return appeals.search(q).await().stream().map(Appeal::number).toList();
  }
}
