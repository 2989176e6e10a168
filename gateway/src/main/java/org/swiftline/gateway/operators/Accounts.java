package org.swiftline.gateway.operators;

import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.swiftline.gateway.store.OperatorStore;

/**
 * Staff accounts and their sessions: creating and changing accounts, signing in (with lock-out after
 * repeated failures), finding the account behind a session token with sliding expiry, and signing out.
 * Password hashing runs on the given worker pool; every change is audited.
 */
public final class Accounts {
  private static final System.Logger LOG = System.getLogger("swiftline.operators");
  /** Failed sign-ins of one name that lock it ... */
  public static final int MAX_FAILURES = 5;
  /** ... for this long. */
  public static final Duration LOCK_OUT = Duration.ofMinutes(15);
  /** How long a console stays "connected" after its last sign of life. */
  public static final Duration LEASE = Duration.ofSeconds(90);

  private final OperatorStore store;
  private final WorkerExecutor workers;
  private final Duration sessionLength;
  private final Clock clock;
  private final Passwords passwords = new Passwords();
  private final SecureRandom random = new SecureRandom();
  /** A hash to verify against when the name is unknown, so that its answer takes as long as a known one's. */
  private volatile String decoy;
  /** Leases this instance renewed lately, so that not every request writes to the store. */
  private final Map<String, Instant> leases = new ConcurrentHashMap<>();

  /** A signed-in session: the token for the cookie (shown once, stored hashed) and who it belongs to. */
  public record SignedIn(Account account, String token, Session session) {}

  /** The account behind a valid session. */
  public record Caller(Account account, Session session) {
    public String name() {
      return account.name();
    }

    public boolean may(Role role) {
      return account.role().allows(role);
    }
  }

  /** The parts of an account to change; {@code null} leaves one as it is. */
  public record Change(Role role, List<String> languages, Boolean disabled, String password) {}

  public Accounts(OperatorStore store, WorkerExecutor workers, Duration sessionLength, Clock clock) {
    this.store = store;
    this.workers = workers;
    this.sessionLength = sessionLength;
    this.clock = clock;
  }

  public OperatorStore store() {
    return store;
  }

  public Duration sessionLength() {
    return sessionLength;
  }

  /**
   * Creates an account.
   *
   * @return a future that succeeds with the stored account, or fails with {@link IllegalArgumentException}
   *     (a bad name, role, languages or a short password) or {@link Refused} 409 (the name is taken)
   */
  public Future<Account> create(String actor, String name, String password, Role role, List<String> languages) {
    try {
      Account.validName(name);
      Account.validLanguages(languages);
      Passwords.checkStrength(password);
      if (role == null) throw new IllegalArgumentException("role is required");
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    return workers.executeBlocking(() -> passwords.hash(password), false)
        .map(hash -> new Account(name, role, languages, false, hash, clock.instant()))
        .compose(account -> store.createAccount(account).map(v -> account))
        .recover(e -> Future.failedFuture(e instanceof OperatorStore.NameTaken ? new Refused(409, e.getMessage()) : e))
        .compose(account -> audit(actor, "account.create", null, name + " as " + role.wire()).map(v -> account));
  }

  /**
   * Changes an account; disabling it or setting a new password ends its sessions.
   *
   * @return a future that succeeds with the changed account, or fails with {@link Refused} 404 (no such
   *     account) or {@link IllegalArgumentException} (a bad value)
   */
  public Future<Account> change(String actor, String name, Change change) {
    try {
      if (change.languages() != null) Account.validLanguages(change.languages());
      if (change.password() != null) Passwords.checkStrength(change.password());
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    Future<String> hash = change.password() == null ? Future.succeededFuture(null)
        : workers.executeBlocking(() -> passwords.hash(change.password()), false);
    return hash.compose(newHash -> store.account(name).compose(found -> {
      if (found.isEmpty()) return Future.failedFuture(new Refused(404, "no account named '" + name + "'"));
      Account a = found.get();
      if (change.role() != null) a = a.withRole(change.role());
      if (change.languages() != null) a = a.withLanguages(change.languages());
      if (change.disabled() != null) a = a.withDisabled(change.disabled());
      if (newHash != null) a = a.withPasswordHash(newHash);
      Account changed = a;
      boolean endSessions = Boolean.TRUE.equals(change.disabled()) || newHash != null;
      return store.saveAccount(changed)
          .compose(v -> endSessions ? store.deleteSessions(name) : Future.succeededFuture())
          .compose(v -> audit(actor, "account.change", null, describe(name, change)))
          .map(v -> changed);
    }));
  }

  private static String describe(String name, Change c) {
    StringBuilder s = new StringBuilder(name);
    if (c.role() != null) s.append(" role=").append(c.role().wire());
    if (c.languages() != null) s.append(" languages=").append(String.join(",", c.languages()));
    if (c.disabled() != null) s.append(" disabled=").append(c.disabled());
    if (c.password() != null) s.append(" password changed");
    return s.toString();
  }

  /**
   * Signs in.
   *
   * @return a future that succeeds with the new session, or fails with {@link Refused} 401 (wrong name or
   *     password, or a disabled account: the same answer) or 429 (locked out after {@link #MAX_FAILURES} failures)
   */
  public Future<SignedIn> signIn(String name, String password) {
    if (name == null || password == null || name.isBlank() || name.length() > 64 || password.length() > Passwords.MAX_LENGTH) {
      return Future.failedFuture(new Refused(401, "wrong name or password"));
    }
    Instant now = clock.instant();
    return store.signInFailures(name).compose(failures -> {
      if (failures.lockedAt(now)) return Future.failedFuture(lockedOut(failures.lockedUntil(), now));
      return store.account(name).compose(found -> workers.executeBlocking(() -> {
        String stored = found.map(Account::passwordHash).orElseGet(this::decoy);
        boolean matches = passwords.verify(password, stored);
        return matches && found.isPresent() && !found.get().disabled();
      }, false).compose(ok -> ok ? open(found.get()) : failed(name)));
    });
  }

  private Future<SignedIn> failed(String name) {
    Instant now = clock.instant();
    return store.failedSignIn(name, now, LOCK_OUT, MAX_FAILURES, LOCK_OUT).compose(after -> {
      LOG.log(System.Logger.Level.INFO, "operators.signIn.failed locked={0}", after.lockedAt(now));
      return audit(name, after.lockedAt(now) ? "session.lockedOut" : "session.signInFailed", null, null)
          .compose(v -> Future.failedFuture(after.lockedAt(now) ? lockedOut(after.lockedUntil(), now)
              : new Refused(401, "wrong name or password")));
    });
  }

  private static Refused lockedOut(Instant until, Instant now) {
    long minutes = Math.max(1, (Duration.between(now, until).toSeconds() + 59) / 60);
    return new Refused(429, "too many failed sign-ins; try again in " + minutes + " minute" + (minutes == 1 ? "" : "s"));
  }

  private Future<SignedIn> open(Account account) {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    Instant now = clock.instant();
    Session session = new Session(tokenHash(token), account.name(), now, now.plus(sessionLength));
    return store.clearSignInFailures(account.name())
        .compose(v -> store.saveSession(session))
        .compose(v -> renewLease(account.name(), true))
        .compose(v -> audit(account.name(), "session.signIn", null, null))
        .map(v -> new SignedIn(account, token, session));
  }

  /**
   * The caller behind a session token, extending the session (sliding expiry) and the console's lease.
   *
   * @return a future that succeeds with the caller, or empty when the token is unknown, expired or its
   *     account is disabled or gone
   */
  public Future<Optional<Caller>> caller(String token) {
    if (token == null || token.isBlank() || token.length() > 100) return Future.succeededFuture(Optional.empty());
    String hash = tokenHash(token);
    Instant now = clock.instant();
    return store.session(hash).compose(found -> {
      if (found.isEmpty()) return Future.succeededFuture(Optional.<Caller>empty());
      Session session = found.get();
      if (!now.isBefore(session.expiresAt())) {
        return store.deleteSession(hash).map(v -> Optional.<Caller>empty());
      }
      return store.account(session.name()).compose(account -> {
        if (account.isEmpty() || account.get().disabled()) return Future.succeededFuture(Optional.<Caller>empty());
        // Extend at most once a minute: a busy console does not write on every request.
        Future<Session> current = Duration.between(now, session.expiresAt()).compareTo(sessionLength.minusMinutes(1)) < 0
            ? store.saveSession(session.until(now.plus(sessionLength))).map(v -> session.until(now.plus(sessionLength)))
            : Future.succeededFuture(session);
        return current.compose(s -> renewLease(s.name(), false).map(v -> Optional.of(new Caller(account.get(), s))));
      });
    });
  }

  /** Ends the session of {@code token}; the operator is no longer connected from it. */
  public Future<Void> signOut(Caller caller) {
    leases.remove(caller.name());
    Instant now = clock.instant();
    return store.deleteSession(caller.session().tokenHash())
        .compose(v -> presence(caller.name()))
        .compose(p -> store.savePresence(new Presence(caller.name(), p.onDuty(), now)))
        .compose(v -> audit(caller.name(), "session.signOut", null, null));
  }

  /** Sets whether the operator is on duty; succeeds with the new presence. */
  public Future<Presence> duty(Caller caller, boolean onDuty) {
    Presence p = new Presence(caller.name(), onDuty, clock.instant().plus(LEASE));
    leases.put(caller.name(), clock.instant());
    return store.savePresence(p).compose(v -> audit(caller.name(), onDuty ? "duty.on" : "duty.off", null, null)).map(v -> p);
  }

  /** Succeeds with the operator's presence (on duty and not connected when none is stored). */
  public Future<Presence> presence(String name) {
    return store.presences().map(all -> all.stream().filter(p -> p.name().equals(name)).findFirst()
        .orElse(new Presence(name, true, Instant.EPOCH)));
  }

  /**
   * Renews the operator's connection lease (the console is open): at once when {@code now} is set, else
   * when this instance last renewed it more than a third of {@link #LEASE} ago.
   */
  public Future<Void> renewLease(String name, boolean force) {
    Instant now = clock.instant();
    Instant last = leases.get(name);
    if (!force && last != null && Duration.between(last, now).compareTo(LEASE.dividedBy(3)) < 0) {
      return Future.succeededFuture();
    }
    leases.put(name, now);
    return presence(name).compose(p -> store.savePresence(new Presence(name, p.onDuty(), now.plus(LEASE))));
  }

  /** Appends to the audit log. */
  public Future<Void> audit(String actor, String action, String conversationId, String detail) {
    return store.audit(new Action(clock.instant(), actor, action, conversationId, detail));
  }

  private String decoy() {
    String d = decoy;
    if (d == null) {
      d = passwords.hash("not a password of anyone " + random.nextLong());
      decoy = d;
    }
    return d;
  }

  static String tokenHash(String token) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
