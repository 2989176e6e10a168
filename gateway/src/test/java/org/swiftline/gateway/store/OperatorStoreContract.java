package org.swiftline.gateway.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.swiftline.bots.ChannelIdentity;
import org.swiftline.gateway.operators.Account;
import org.swiftline.gateway.operators.Action;
import org.swiftline.gateway.operators.Escalation;
import org.swiftline.gateway.operators.Presence;
import org.swiftline.gateway.operators.Role;
import org.swiftline.gateway.operators.Session;
import org.swiftline.gateway.operators.SignInFailures;

/**
 * The contract every {@link OperatorStore} passes. To test an implementation, extend this class and open
 * fresh, empty stores in {@link #open}.
 */
public abstract class OperatorStoreContract extends StoresUnderTest {
  protected static final Instant T0 = Instant.parse("2026-11-28T10:00:00Z");
  private static final ChannelIdentity ANN = new ChannelIdentity("web", "ann");
  protected OperatorStore operators;


  @BeforeEach
  void views() {
    operators = stores.operators();
  }

  private static Account account(String name, Role role, String... languages) {
    return new Account(name, role, List.of(languages), false, "pbkdf2-sha256$210000$c2FsdA$aGFzaA", T0);
  }

  @Test
  void storesAccountsAndRefusesATakenName() {
    operators.createAccount(account("li.wei", Role.OPERATOR, "zh", "en")).await();
    operators.createAccount(account("anna", Role.ADMIN, "en")).await();
    Throwable taken = assertThrows(Throwable.class, () -> operators.createAccount(account("anna", Role.OPERATOR, "ru")).await());
    assertInstanceOf(OperatorStore.NameTaken.class, taken instanceof CompletionException ? taken.getCause() : taken);
    assertEquals(List.of("anna", "li.wei"), operators.accounts().await().stream().map(Account::name).toList());
    assertEquals(Role.ADMIN, operators.account("anna").await().orElseThrow().role());

    Account changed = operators.account("li.wei").await().orElseThrow().withRole(Role.SUPERVISOR).withDisabled(true)
        .withLanguages(List.of("ru"));
    operators.saveAccount(changed).await();
    assertEquals(changed, operators.account("li.wei").await().orElseThrow());
    assertTrue(operators.account("nobody").await().isEmpty());
  }

  @Test
  void sessionsAreFoundByHashExtendedAndEnded() {
    Session s = new Session("aa11", "anna", T0, T0.plusSeconds(3600));
    operators.saveSession(s).await();
    operators.saveSession(new Session("bb22", "anna", T0, T0.plusSeconds(60))).await();
    operators.saveSession(new Session("cc33", "li.wei", T0, T0.plusSeconds(60))).await();
    assertEquals(s, operators.session("aa11").await().orElseThrow());

    operators.saveSession(s.until(T0.plusSeconds(7200))).await();
    assertEquals(T0.plusSeconds(7200), operators.session("aa11").await().orElseThrow().expiresAt());

    operators.deleteSession("bb22").await();
    assertTrue(operators.session("bb22").await().isEmpty());
    operators.deleteSessions("anna").await();
    assertTrue(operators.session("aa11").await().isEmpty());
    assertTrue(operators.session("cc33").await().isPresent());
  }

  @Test
  void theFifthFailureWithinTheWindowLocksTheName() {
    Duration window = Duration.ofMinutes(15);
    SignInFailures f = SignInFailures.NONE;
    for (int i = 1; i <= 4; i++) {
      f = operators.failedSignIn("anna", T0.plusSeconds(i), window, 5, window).await();
      assertEquals(i, f.count());
      assertFalse(f.lockedAt(T0.plusSeconds(i)));
    }
    f = operators.failedSignIn("anna", T0.plusSeconds(5), window, 5, window).await();
    assertTrue(f.lockedAt(T0.plusSeconds(6)));
    assertEquals(T0.plusSeconds(5).plus(window), operators.signInFailures("anna").await().lockedUntil());
    assertFalse(operators.signInFailures("anna").await().lockedAt(T0.plusSeconds(5).plus(window)));
    assertEquals(SignInFailures.NONE, operators.signInFailures("li.wei").await());

    operators.clearSignInFailures("anna").await();
    assertEquals(SignInFailures.NONE, operators.signInFailures("anna").await());
  }

  @Test
  void failuresOutsideTheWindowStartAFreshCount() {
    Duration window = Duration.ofMinutes(15);
    for (int i = 0; i < 4; i++) operators.failedSignIn("anna", T0, window, 5, window).await();
    SignInFailures later = operators.failedSignIn("anna", T0.plus(window), window, 5, window).await();
    assertEquals(1, later.count());
    assertNull(later.lockedUntil());
  }

  @Test
  void aConversationHasAtMostOneOpenEscalation() {
    Escalation first = Escalation.open("c1", ANN, "zh", "asked_for_operator", T0, "我要人工");
    assertEquals(first, operators.escalate(first).await());
    Escalation again = Escalation.open("c1", ANN, "zh", "no_answer_twice", T0.plusSeconds(5), "hello");
    assertEquals(first, operators.escalate(again).await());
    operators.escalate(Escalation.open("c0", ANN, "en", "upset", T0.minusSeconds(5), null)).await();
    assertEquals(List.of("c0", "c1"), operators.escalations().await().stream().map(Escalation::conversationId).toList());
  }

  @Test
  void onlyOneOfManyConcurrentClaimsWins() {
    Escalation open = operators.escalate(Escalation.open("c1", ANN, "en", "asked_for_operator", T0, "help")).await();
    List<Future<Boolean>> claims = new ArrayList<>();
    for (int i = 0; i < 20; i++) claims.add(operators.replaceEscalation(open.claimed("op" + i)));
    Future.join(claims).await();
    List<Integer> winners = new ArrayList<>();
    for (int i = 0; i < claims.size(); i++) if (claims.get(i).result()) winners.add(i);
    assertEquals(1, winners.size(), winners.toString());
    Escalation held = operators.escalation("c1").await().orElseThrow();
    assertEquals("op" + winners.get(0), held.claimedBy());
    assertEquals(2, held.version());
  }

  @Test
  void aStaleVersionChangesNothingAndCloseIsConditionalToo() {
    Escalation open = operators.escalate(Escalation.open("c1", ANN, "en", "asked_for_operator", T0, "help")).await();
    Escalation held = open.claimed("anna");
    assertTrue(operators.replaceEscalation(held).await());
    assertFalse(operators.replaceEscalation(open.released("ru", T0)).await());
    assertFalse(operators.closeEscalation("c1", open.version()).await());
    Escalation released = held.released("ru", T0.plusSeconds(30));
    assertTrue(operators.replaceEscalation(released).await());
    assertEquals(released, operators.escalation("c1").await().orElseThrow());
    assertTrue(operators.closeEscalation("c1", released.version()).await());
    assertTrue(operators.escalation("c1").await().isEmpty());
    assertFalse(operators.replaceEscalation(released.claimed("anna")).await());
    // A closed conversation may escalate again.
    Escalation next = Escalation.open("c1", ANN, "en", "upset", T0.plusSeconds(60), null);
    assertEquals(next, operators.escalate(next).await());
  }

  @Test
  void presenceIsKeptPerOperator() {
    operators.savePresence(new Presence("anna", true, T0.plusSeconds(90))).await();
    operators.savePresence(new Presence("li.wei", true, T0.plusSeconds(90))).await();
    operators.savePresence(new Presence("anna", false, T0.plusSeconds(120))).await();
    assertEquals(List.of(new Presence("anna", false, T0.plusSeconds(120)), new Presence("li.wei", true, T0.plusSeconds(90))),
        operators.presences().await());
  }

  @Test
  void theAuditLogListsNewestFirstAndPerConversation() {
    operators.audit(new Action(T0, "anna", "session.signIn", null, null)).await();
    operators.audit(new Action(T0.plusSeconds(1), "anna", "conversation.claim", "c1", null)).await();
    operators.audit(new Action(T0.plusSeconds(2), "li.wei", "conversation.claim", "c2", null)).await();
    operators.audit(new Action(T0.plusSeconds(3), "anna", "conversation.message", "c1", "12 characters")).await();
    List<Action> all = operators.audits(null, 10).await();
    assertEquals(4, all.size());
    assertEquals("conversation.message", all.get(0).action());
    assertEquals(List.of("conversation.message", "conversation.claim"),
        operators.audits("c1", 10).await().stream().map(Action::action).toList());
    assertEquals(2, operators.audits(null, 2).await().size());
    assertEquals(new Action(T0.plusSeconds(3), "anna", "conversation.message", "c1", "12 characters"), all.get(0));
  }
}
