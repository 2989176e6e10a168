package org.swiftline.gateway.appeals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import org.swiftline.bots.ChannelIdentity;
import org.swiftline.gateway.TestGateway;
import org.swiftline.gateway.knowledge.KnowledgeBase;
import org.swiftline.gateway.knowledge.KnowledgeBaseLoader;

/** The appeal's statuses, its transition table, the actions built on it, and routing. */
class AppealLifecycleTest {
  static final Instant T0 = Instant.parse("2026-11-28T10:00:00Z");
  final Lifecycle lifecycle = new Lifecycle(Clock.fixed(T0.plusSeconds(60), ZoneOffset.UTC));

  static Appeal appeal(AppealStatus status) {
    String department = status == AppealStatus.RECEIVED ? null : "city-management";
    return new Appeal("20261128-000001", new ChannelIdentity("web", "ann"), "c1", "en", "streetlights", 0.9,
        department, "xicheng", "Xinjiekou street", "the streetlight is out", "for a week", null, false,
        status, null, T0, T0, 3);
  }

  /** Every action with the one status it moves to. */
  final Map<String, BiFunction<Appeal, String, Change>> actions = Map.of(
      "route", (a, who) -> lifecycle.route(a, "city-management", who, null),
      "accept", (a, who) -> lifecycle.accept(a, who, null),
      "resolve", (a, who) -> lifecycle.resolve(a, who, "fixed on Monday"),
      "toTriage", (a, who) -> lifecycle.toTriage(a, who, "not ours"),
      "reject", (a, who) -> lifecycle.reject(a, who, "duplicate"),
      "close", (a, who) -> lifecycle.close(a, who, null),
      "reopen", (a, who) -> lifecycle.reopen(a, who, "still dark"));
  final Map<String, AppealStatus> targets = Map.of(
      "route", AppealStatus.DISPATCHED, "accept", AppealStatus.IN_PROGRESS, "resolve", AppealStatus.RESOLVED,
      "toTriage", AppealStatus.RECEIVED, "reject", AppealStatus.REJECTED, "close", AppealStatus.CLOSED,
      "reopen", AppealStatus.REOPENED);

  @Test
  void theTransitionTableIsExactlyTheDocumentedOne() {
    Map<AppealStatus, Set<AppealStatus>> expected = Map.of(
        AppealStatus.RECEIVED, EnumSet.of(AppealStatus.DISPATCHED, AppealStatus.REJECTED),
        AppealStatus.DISPATCHED, EnumSet.of(AppealStatus.IN_PROGRESS, AppealStatus.RECEIVED, AppealStatus.REJECTED),
        AppealStatus.IN_PROGRESS, EnumSet.of(AppealStatus.RESOLVED, AppealStatus.RECEIVED),
        AppealStatus.RESOLVED, EnumSet.of(AppealStatus.CLOSED, AppealStatus.REOPENED),
        AppealStatus.REOPENED, EnumSet.of(AppealStatus.IN_PROGRESS, AppealStatus.RECEIVED),
        AppealStatus.CLOSED, EnumSet.noneOf(AppealStatus.class),
        AppealStatus.REJECTED, EnumSet.noneOf(AppealStatus.class));
    for (AppealStatus from : AppealStatus.values()) {
      for (AppealStatus to : AppealStatus.values()) {
        assertEquals(expected.get(from).contains(to), from.canMoveTo(to), from + " -> " + to);
      }
    }
    assertTrue(AppealStatus.CLOSED.isFinal() && AppealStatus.REJECTED.isFinal());
  }

  @Test
  void everyActionSucceedsExactlyFromTheStatusesTheTableAllowsAndIsAuditedOtherwiseItIsForbidden() {
    int allowed = 0;
    int forbidden = 0;
    for (var action : actions.entrySet()) {
      AppealStatus target = targets.get(action.getKey());
      for (AppealStatus from : AppealStatus.values()) {
        Appeal before = appeal(from);
        if (from.canMoveTo(target)) {
          Change change = action.getValue().apply(before, "department:city-management");
          assertEquals(target, change.after().status(), action.getKey() + " from " + from);
          assertEquals(4, change.after().version());
          assertEquals(from, change.entry().from());
          assertEquals(target, change.entry().to());
          assertEquals("department:city-management", change.entry().actor());
          assertEquals(T0.plusSeconds(60), change.entry().at());
          assertEquals(T0.plusSeconds(60), change.after().updatedAt());
          allowed++;
        } else {
          ForbiddenTransition e = assertThrows(ForbiddenTransition.class,
              () -> action.getValue().apply(before, "admin"), action.getKey() + " from " + from);
          assertTrue(e.getMessage().contains("is " + from.wire()), e.getMessage());
          forbidden++;
        }
      }
    }
    assertEquals(11, allowed);
    assertEquals(7 * 7 - 11, forbidden);
  }

  @Test
  void aForbiddenTransitionSaysWhatTheActionNeeds() {
    ForbiddenTransition e = assertThrows(ForbiddenTransition.class,
        () -> lifecycle.accept(appeal(AppealStatus.RESOLVED), "department:x", null));
    assertEquals("appeal 20261128-000001 is resolved; accepting needs it to be dispatched or reopened", e.getMessage());
  }

  @Test
  void sendingBackToTriageDropsTheDepartmentAndResolvingKeepsTheReply() {
    Change back = lifecycle.toTriage(appeal(AppealStatus.IN_PROGRESS), "department:city-management", "wrong department");
    assertNull(back.after().department());
    assertTrue(back.after().inTriage());
    assertEquals("wrong department", back.entry().note());
    Change resolved = lifecycle.resolve(appeal(AppealStatus.IN_PROGRESS), "department:city-management", " Fixed. ");
    assertEquals("Fixed.", resolved.after().resolution());
    assertThrows(IllegalArgumentException.class, () -> lifecycle.resolve(appeal(AppealStatus.IN_PROGRESS), "d", " "));
  }

  @Test
  void aNoteKeepsTheStatusInEveryStatusAndNeedsText() {
    for (AppealStatus s : AppealStatus.values()) {
      Change change = lifecycle.note(appeal(s), "admin", "called the citizen");
      assertEquals(s, change.after().status());
      assertEquals(s, change.entry().from());
      assertEquals(s, change.entry().to());
    }
    assertThrows(IllegalArgumentException.class, () -> lifecycle.note(appeal(AppealStatus.RECEIVED), "admin", ""));
  }

  @Test
  void anAppealValidatesItsFields() {
    Appeal ok = appeal(AppealStatus.DISPATCHED);
    assertThrows(IllegalArgumentException.class, () -> new Appeal("42", ok.citizen(), null, "en", null, 0, null, null,
        null, "x", null, null, false, AppealStatus.RECEIVED, null, T0, T0, 1));
    IllegalArgumentException noConsent = assertThrows(IllegalArgumentException.class, () -> new Appeal(ok.number(),
        ok.citizen(), null, "en", null, 0, null, null, null, "x", null, "13800138000", false, AppealStatus.RECEIVED,
        null, T0, T0, 1));
    assertTrue(noConsent.getMessage().contains("consent"));
    assertThrows(IllegalArgumentException.class, () -> new Appeal(ok.number(), ok.citizen(), null, "en", null, 0,
        null, null, null, "x", null, null, false, AppealStatus.IN_PROGRESS, null, T0, T0, 1), "in progress needs a department");
    assertThrows(IllegalArgumentException.class, () -> new Appeal(ok.number(), ok.citizen(), null, "en", null, 0,
        null, null, null, " ", null, null, false, AppealStatus.RECEIVED, null, T0, T0, 1));
    assertEquals(AppealStatus.IN_PROGRESS, AppealStatus.fromWire("in_progress"));
    assertThrows(IllegalArgumentException.class, () -> AppealStatus.fromWire("done"));
  }

  @Test
  void routesByCategoryWithDistrictOverrides() {
    KnowledgeBase kb = new KnowledgeBaseLoader().load(TestGateway.repositoryKnowledgeBase());
    assertEquals("ecology-environment", Routing.department(kb, "noise", "haidian").orElseThrow());
    assertEquals("ecology-environment", Routing.department(kb, "noise", null).orElseThrow());
    assertEquals("urban-enforcement", Routing.department(kb, "noise", "xicheng").orElseThrow());
    assertEquals("exit-entry", Routing.department(kb, "visa-residence", "chaoyang").orElseThrow());
    assertTrue(Routing.department(kb, "no-such-category", null).isEmpty());
    assertTrue(Routing.department(kb, null, null).isEmpty());
  }
}
