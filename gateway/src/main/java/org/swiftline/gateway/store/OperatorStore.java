package org.swiftline.gateway.store;

import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.swiftline.gateway.operators.Account;
import org.swiftline.gateway.operators.Action;
import org.swiftline.gateway.operators.Escalation;
import org.swiftline.gateway.operators.Presence;
import org.swiftline.gateway.operators.Session;
import org.swiftline.gateway.operators.SignInFailures;

/**
 * What the operator console keeps: staff accounts, sessions, sign-in failures, the escalation queue,
 * operators' presence and the append-only audit log. Implementations: {@code store/sqlite} (default) and
 * {@code store/redis}; both pass {@code OperatorStoreContract}. Changes to an escalation are
 * compare-and-set on its version, so that a claim is exclusive even with several gateways on one store.
 */
public interface OperatorStore {

  /** Stores a new account; fails with {@link NameTaken} when the name is in use. */
  Future<Void> createAccount(Account account);

  /** Replaces an existing account (role, languages, disabled, password). */
  Future<Void> saveAccount(Account account);

  /** Succeeds with the account, or empty. */
  Future<Optional<Account>> account(String name);

  /** Succeeds with every account, by name. */
  Future<List<Account>> accounts();

  Future<Void> saveSession(Session session);

  /** Succeeds with the session whose token has this hash, or empty. */
  Future<Optional<Session>> session(String tokenHash);

  Future<Void> deleteSession(String tokenHash);

  /** Ends every session of the account (disabled, new password). */
  Future<Void> deleteSessions(String name);

  /**
   * Counts a failed sign-in atomically: failures within {@code window} of the first one add up; the
   * {@code limit}-th locks the name for {@code lockFor} and starts counting afresh.
   *
   * @return a future that succeeds with the failures after this one
   */
  Future<SignInFailures> failedSignIn(String name, Instant at, Duration window, int limit, Duration lockFor);

  /** Succeeds with the name's failures ({@link SignInFailures#NONE} when none). */
  Future<SignInFailures> signInFailures(String name);

  /** Forgets the name's failures (after a successful sign-in). */
  Future<Void> clearSignInFailures(String name);

  /**
   * Stores {@code escalation} unless the conversation has an open one already.
   *
   * @return a future that succeeds with the open escalation: the new one, or the one stored before
   */
  Future<Escalation> escalate(Escalation escalation);

  /** Succeeds with the conversation's open escalation, or empty. */
  Future<Optional<Escalation>> escalation(String conversationId);

  /** Succeeds with every open escalation, oldest first. */
  Future<List<Escalation>> escalations();

  /**
   * Replaces the open escalation with {@code next} if the stored one has version {@code next.version() - 1}.
   *
   * @return a future that succeeds with {@code true} when replaced, {@code false} when the stored version
   *     differs or the escalation is closed (the caller reads it again)
   */
  Future<Boolean> replaceEscalation(Escalation next);

  /** Closes the open escalation if it has {@code version}; succeeds with whether it did. */
  Future<Boolean> closeEscalation(String conversationId, long version);

  Future<Void> savePresence(Presence presence);

  /** Succeeds with every operator's presence. */
  Future<List<Presence>> presences();

  /** Appends a line to the audit log, which is never changed or shortened. */
  Future<Void> audit(Action action);

  /** Succeeds with up to {@code limit} audit lines, newest first; of one conversation when it is not {@code null}. */
  Future<List<Action>> audits(String conversationId, int limit);

  /**
   * The failures after one more at {@code at}: the rule of {@link #failedSignIn}, for implementations that
   * apply it themselves.
   */
  static SignInFailures countFailure(SignInFailures before, Instant at, Duration window, int limit, Duration lockFor) {
    boolean fresh = before.windowStart() == null || !at.isBefore(before.windowStart().plus(window));
    int count = fresh ? 1 : before.count() + 1;
    if (count >= limit) return new SignInFailures(0, null, at.plus(lockFor));
    return new SignInFailures(count, fresh ? at : before.windowStart(), before.lockedAt(at) ? before.lockedUntil() : null);
  }

  /** A new account's name is in use. */
  final class NameTaken extends RuntimeException {
    public NameTaken(String name) {
      super("an account named '" + name + "' exists", null, false, false);
    }
  }
}
