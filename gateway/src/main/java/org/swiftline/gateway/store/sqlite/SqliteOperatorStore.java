package org.swiftline.gateway.store.sqlite;

import io.vertx.core.Future;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.swiftline.bots.ChannelIdentity;
import org.swiftline.gateway.operators.Account;
import org.swiftline.gateway.operators.Action;
import org.swiftline.gateway.operators.Escalation;
import org.swiftline.gateway.operators.Presence;
import org.swiftline.gateway.operators.Role;
import org.swiftline.gateway.operators.Session;
import org.swiftline.gateway.operators.SignInFailures;
import org.swiftline.gateway.store.OperatorStore;

/**
 * The operator store in the embedded SQLite database, on the same connection and one-thread worker as
 * {@link SqliteStores}: every call runs alone, so a compare-and-set on an escalation is atomic. The audit
 * log is append-only: triggers refuse to update or delete its rows.
 */
public final class SqliteOperatorStore implements OperatorStore {
  private static final String ESCALATION_COLUMNS =
      "conversation_id, channel, user_id, language, grp, reason, since_ms, offered_ms, claimed_by, preview, version";

  private final Database db;
  private final Connection connection;

  SqliteOperatorStore(Database db) {
    this.db = db;
    this.connection = db.connection;
  }

  /** Creates the operator tables if they are missing; idempotent. */
  static void migrate(Connection c) throws SQLException {
    Database.setUp(c, s -> {
      s.execute("""
          CREATE TABLE IF NOT EXISTS operator_accounts (
            name TEXT PRIMARY KEY, role TEXT NOT NULL, languages TEXT NOT NULL, disabled INTEGER NOT NULL,
            password_hash TEXT NOT NULL, created_ms INTEGER NOT NULL)""");
      s.execute("""
          CREATE TABLE IF NOT EXISTS operator_sessions (
            token_hash TEXT PRIMARY KEY, name TEXT NOT NULL, created_ms INTEGER NOT NULL, expires_ms INTEGER NOT NULL)""");
      s.execute("CREATE INDEX IF NOT EXISTS operator_sessions_name ON operator_sessions(name)");
      s.execute("""
          CREATE TABLE IF NOT EXISTS operator_signin_failures (
            name TEXT PRIMARY KEY, count INTEGER NOT NULL, window_ms INTEGER, locked_ms INTEGER)""");
      s.execute("""
          CREATE TABLE IF NOT EXISTS escalations (
            conversation_id TEXT PRIMARY KEY, channel TEXT NOT NULL, user_id TEXT NOT NULL, language TEXT, grp TEXT,
            reason TEXT NOT NULL, since_ms INTEGER NOT NULL, offered_ms INTEGER NOT NULL, claimed_by TEXT, preview TEXT,
            version INTEGER NOT NULL)""");
      s.execute("""
          CREATE TABLE IF NOT EXISTS operator_presence (
            name TEXT PRIMARY KEY, on_duty INTEGER NOT NULL, connected_ms INTEGER NOT NULL)""");
      s.execute("""
          CREATE TABLE IF NOT EXISTS operator_audit (
            id INTEGER PRIMARY KEY AUTOINCREMENT, at_ms INTEGER NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL,
            conversation_id TEXT, detail TEXT)""");
      s.execute("CREATE INDEX IF NOT EXISTS operator_audit_conversation ON operator_audit(conversation_id, id)");
      s.execute("""
          CREATE TRIGGER IF NOT EXISTS operator_audit_no_update BEFORE UPDATE ON operator_audit
          BEGIN SELECT RAISE(ABORT, 'the operator audit log is append-only'); END""");
      s.execute("""
          CREATE TRIGGER IF NOT EXISTS operator_audit_no_delete BEFORE DELETE ON operator_audit
          BEGIN SELECT RAISE(ABORT, 'the operator audit log is append-only'); END""");
    });
  }

  private <T> Future<T> run(Callable<T> work) {
    return db.run(work);
  }

  // ---- accounts

  @Override
  public Future<Void> createAccount(Account a) {
    return run(() -> {
      try (PreparedStatement ps = connection.prepareStatement(
          "INSERT INTO operator_accounts (name, role, languages, disabled, password_hash, created_ms) VALUES (?, ?, ?, ?, ?, ?) "
              + "ON CONFLICT(name) DO NOTHING")) {
        bindAccount(ps, a);
        ps.setLong(6, a.createdAt().toEpochMilli());
        if (ps.executeUpdate() == 0) throw new NameTaken(a.name());
        return null;
      }
    });
  }

  @Override
  public Future<Void> saveAccount(Account a) {
    return run(() -> {
      try (PreparedStatement ps = connection.prepareStatement(
          "UPDATE operator_accounts SET role = ?, languages = ?, disabled = ?, password_hash = ? WHERE name = ?")) {
        ps.setString(1, a.role().wire());
        ps.setString(2, String.join(",", a.languages()));
        ps.setInt(3, a.disabled() ? 1 : 0);
        ps.setString(4, a.passwordHash());
        ps.setString(5, a.name());
        if (ps.executeUpdate() == 0) throw new IllegalArgumentException("no account named '" + a.name() + "'");
        return null;
      }
    });
  }

  private static void bindAccount(PreparedStatement ps, Account a) throws SQLException {
    ps.setString(1, a.name());
    ps.setString(2, a.role().wire());
    ps.setString(3, String.join(",", a.languages()));
    ps.setInt(4, a.disabled() ? 1 : 0);
    ps.setString(5, a.passwordHash());
  }

  @Override
  public Future<Optional<Account>> account(String name) {
    return run(() -> {
      try (PreparedStatement ps = connection.prepareStatement(
          "SELECT name, role, languages, disabled, password_hash, created_ms FROM operator_accounts WHERE name = ?")) {
        ps.setString(1, name);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? Optional.of(account(rs)) : Optional.<Account>empty();
        }
      }
    });
  }

  @Override
  public Future<List<Account>> accounts() {
    return run(() -> {
      try (PreparedStatement ps = connection.prepareStatement(
          "SELECT name, role, languages, disabled, password_hash, created_ms FROM operator_accounts ORDER BY name")) {
        List<Account> result = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) result.add(account(rs));
        }
        return result;
      }
    });
  }

  private static Account account(ResultSet rs) throws SQLException {
    return new Account(rs.getString(1), Role.fromWire(rs.getString(2)), Arrays.asList(rs.getString(3).split(",")),
        rs.getInt(4) == 1, rs.getString(5), Instant.ofEpochMilli(rs.getLong(6)));
  }

  // ---- sessions

  @Override
  public Future<Void> saveSession(Session s) {
    return run(() -> {
      try (PreparedStatement ps = connection.prepareStatement("""
          INSERT INTO operator_sessions (token_hash, name, created_ms, expires_ms) VALUES (?, ?, ?, ?)
          ON CONFLICT(token_hash) DO UPDATE SET expires_ms = excluded.expires_ms""")) {
        ps.setString(1, s.tokenHash());
        ps.setString(2, s.name());
        ps.setLong(3, s.createdAt().toEpochMilli());
        ps.setLong(4, s.expiresAt().toEpochMilli());
        ps.executeUpdate();
        return null;
      }
    });
  }

  @Override
  public Future<Optional<Session>> session(String tokenHash) {
    return run(() -> {
      try (PreparedStatement ps = connection.prepareStatement(
          "SELECT token_hash, name, created_ms, expires_ms FROM operator_sessions WHERE token_hash = ?")) {
        ps.setString(1, tokenHash);
        try (ResultSet rs = ps.executeQuery()) {
          if (!rs.next()) return Optional.<Session>empty();
          return Optional.of(new Session(rs.getString(1), rs.getString(2), Instant.ofEpochMilli(rs.getLong(3)),
              Instant.ofEpochMilli(rs.getLong(4))));
        }
      }
    });
  }

  @Override
  public Future<Void> deleteSession(String tokenHash) {
    return update("DELETE FROM operator_sessions WHERE token_hash = ?", tokenHash);
  }

  @Override
  public Future<Void> deleteSessions(String name) {
    return update("DELETE FROM operator_sessions WHERE name = ?", name);
  }

  private Future<Void> update(String sql, String arg) {
    return run(() -> {
      try (PreparedStatement ps = connection.prepareStatement(sql)) {
        ps.setString(1, arg);
        ps.executeUpdate();
        return null;
      }
    });
  }

  // ---- sign-in failures

  @Override
  public Future<SignInFailures> failedSignIn(String name, Instant at, Duration window, int limit, Duration lockFor) {
    return run(() -> {
      SignInFailures before = readFailures(name);
      SignInFailures after = OperatorStore.countFailure(before, at, window, limit, lockFor);
      try (PreparedStatement ps = connection.prepareStatement("""
          INSERT INTO operator_signin_failures (name, count, window_ms, locked_ms) VALUES (?, ?, ?, ?)
          ON CONFLICT(name) DO UPDATE SET count = excluded.count, window_ms = excluded.window_ms,
            locked_ms = excluded.locked_ms""")) {
        ps.setString(1, name);
        ps.setInt(2, after.count());
        setInstant(ps, 3, after.windowStart());
        setInstant(ps, 4, after.lockedUntil());
        ps.executeUpdate();
      }
      return after;
    });
  }

  @Override
  public Future<SignInFailures> signInFailures(String name) {
    return run(() -> readFailures(name));
  }

  private SignInFailures readFailures(String name) throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement(
        "SELECT count, window_ms, locked_ms FROM operator_signin_failures WHERE name = ?")) {
      ps.setString(1, name);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) return SignInFailures.NONE;
        return new SignInFailures(rs.getInt(1), instant(rs, 2), instant(rs, 3));
      }
    }
  }

  @Override
  public Future<Void> clearSignInFailures(String name) {
    return update("DELETE FROM operator_signin_failures WHERE name = ?", name);
  }

  // ---- escalations

  @Override
  public Future<Escalation> escalate(Escalation e) {
    return run(() -> {
      try (PreparedStatement ps = connection.prepareStatement("INSERT INTO escalations (" + ESCALATION_COLUMNS
          + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(conversation_id) DO NOTHING")) {
        bindEscalation(ps, e);
        ps.executeUpdate();
      }
      return readEscalation(e.conversationId()).orElseThrow();
    });
  }

  @Override
  public Future<Optional<Escalation>> escalation(String conversationId) {
    return run(() -> readEscalation(conversationId));
  }

  private Optional<Escalation> readEscalation(String conversationId) throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement(
        "SELECT " + ESCALATION_COLUMNS + " FROM escalations WHERE conversation_id = ?")) {
      ps.setString(1, conversationId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(escalation(rs)) : Optional.empty();
      }
    }
  }

  @Override
  public Future<List<Escalation>> escalations() {
    return run(() -> {
      try (PreparedStatement ps = connection.prepareStatement(
          "SELECT " + ESCALATION_COLUMNS + " FROM escalations ORDER BY since_ms, conversation_id")) {
        List<Escalation> result = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) result.add(escalation(rs));
        }
        return result;
      }
    });
  }

  @Override
  public Future<Boolean> replaceEscalation(Escalation next) {
    return run(() -> {
      try (PreparedStatement ps = connection.prepareStatement("""
          UPDATE escalations SET language = ?, grp = ?, reason = ?, since_ms = ?, offered_ms = ?, claimed_by = ?,
            preview = ?, version = ? WHERE conversation_id = ? AND version = ?""")) {
        ps.setString(1, next.language());
        ps.setString(2, next.group());
        ps.setString(3, next.reason());
        ps.setLong(4, next.since().toEpochMilli());
        ps.setLong(5, next.offeredAt().toEpochMilli());
        ps.setString(6, next.claimedBy());
        ps.setString(7, next.preview());
        ps.setLong(8, next.version());
        ps.setString(9, next.conversationId());
        ps.setLong(10, next.version() - 1);
        return ps.executeUpdate() == 1;
      }
    });
  }

  @Override
  public Future<Boolean> closeEscalation(String conversationId, long version) {
    return run(() -> {
      try (PreparedStatement ps = connection.prepareStatement(
          "DELETE FROM escalations WHERE conversation_id = ? AND version = ?")) {
        ps.setString(1, conversationId);
        ps.setLong(2, version);
        return ps.executeUpdate() == 1;
      }
    });
  }

  private static void bindEscalation(PreparedStatement ps, Escalation e) throws SQLException {
    ps.setString(1, e.conversationId());
    ps.setString(2, e.person().channel());
    ps.setString(3, e.person().userId());
    ps.setString(4, e.language());
    ps.setString(5, e.group());
    ps.setString(6, e.reason());
    ps.setLong(7, e.since().toEpochMilli());
    ps.setLong(8, e.offeredAt().toEpochMilli());
    ps.setString(9, e.claimedBy());
    ps.setString(10, e.preview());
    ps.setLong(11, e.version());
  }

  private static Escalation escalation(ResultSet rs) throws SQLException {
    return new Escalation(rs.getString(1), new ChannelIdentity(rs.getString(2), rs.getString(3)), rs.getString(4),
        rs.getString(5), rs.getString(6), Instant.ofEpochMilli(rs.getLong(7)), Instant.ofEpochMilli(rs.getLong(8)),
        rs.getString(9), rs.getString(10), rs.getLong(11));
  }

  // ---- presence

  @Override
  public Future<Void> savePresence(Presence p) {
    return run(() -> {
      try (PreparedStatement ps = connection.prepareStatement("""
          INSERT INTO operator_presence (name, on_duty, connected_ms) VALUES (?, ?, ?)
          ON CONFLICT(name) DO UPDATE SET on_duty = excluded.on_duty, connected_ms = excluded.connected_ms""")) {
        ps.setString(1, p.name());
        ps.setInt(2, p.onDuty() ? 1 : 0);
        ps.setLong(3, p.connectedUntil().toEpochMilli());
        ps.executeUpdate();
        return null;
      }
    });
  }

  @Override
  public Future<List<Presence>> presences() {
    return run(() -> {
      try (PreparedStatement ps = connection.prepareStatement(
          "SELECT name, on_duty, connected_ms FROM operator_presence ORDER BY name")) {
        List<Presence> result = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) result.add(new Presence(rs.getString(1), rs.getInt(2) == 1, Instant.ofEpochMilli(rs.getLong(3))));
        }
        return result;
      }
    });
  }

  // ---- audit

  @Override
  public Future<Void> audit(Action a) {
    return run(() -> {
      try (PreparedStatement ps = connection.prepareStatement(
          "INSERT INTO operator_audit (at_ms, actor, action, conversation_id, detail) VALUES (?, ?, ?, ?, ?)")) {
        ps.setLong(1, a.at().toEpochMilli());
        ps.setString(2, a.actor());
        ps.setString(3, a.action());
        ps.setString(4, a.conversationId());
        ps.setString(5, a.detail());
        ps.executeUpdate();
        return null;
      }
    });
  }

  @Override
  public Future<List<Action>> audits(String conversationId, int limit) {
    return run(() -> {
      String sql = "SELECT at_ms, actor, action, conversation_id, detail FROM operator_audit"
          + (conversationId == null ? "" : " WHERE conversation_id = ?") + " ORDER BY id DESC LIMIT ?";
      try (PreparedStatement ps = connection.prepareStatement(sql)) {
        int i = 1;
        if (conversationId != null) ps.setString(i++, conversationId);
        ps.setInt(i, limit);
        List<Action> result = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            result.add(new Action(Instant.ofEpochMilli(rs.getLong(1)), rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getString(5)));
          }
        }
        return result;
      }
    });
  }

  private static void setInstant(PreparedStatement ps, int index, Instant value) throws SQLException {
    if (value == null) ps.setNull(index, Types.INTEGER);
    else ps.setLong(index, value.toEpochMilli());
  }

  private static Instant instant(ResultSet rs, int index) throws SQLException {
    long v = rs.getLong(index);
    return rs.wasNull() ? null : Instant.ofEpochMilli(v);
  }
}
