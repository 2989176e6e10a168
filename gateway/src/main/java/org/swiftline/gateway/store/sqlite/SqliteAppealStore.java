package org.swiftline.gateway.store.sqlite;

import io.vertx.core.Future;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.swiftline.bots.ChannelIdentity;
import org.swiftline.gateway.appeals.Appeal;
import org.swiftline.gateway.appeals.AppealNumbers;
import org.swiftline.gateway.appeals.AppealStatus;
import org.swiftline.gateway.appeals.AuditEntry;
import org.swiftline.gateway.appeals.Change;
import org.swiftline.gateway.appeals.DepartmentKey;
import org.swiftline.gateway.appeals.NoSuchAppeal;
import org.swiftline.gateway.store.AppealFact;
import org.swiftline.gateway.store.AppealGroup;
import org.swiftline.gateway.store.AppealRow;
import org.swiftline.gateway.store.AppealQuery;
import org.swiftline.gateway.store.AppealStore;
import org.swiftline.gateway.store.AppealTally;
import org.swiftline.gateway.store.AppealTimes;
import org.swiftline.gateway.store.StaleAppeal;
import org.swiftline.gateway.store.TallyQuery;

/**
 * Appeals in the embedded SQLite database, on the same connection and one-thread worker as
 * {@link SqliteStores}. Writes to appeals commit with {@code synchronous=FULL}, so that an acknowledged
 * appeal survives a power loss too, not only a crash of the process. Numbers come from an
 * {@code AUTOINCREMENT} counter, which never gives a value twice. The audit trail is append-only: triggers
 * refuse to update or delete its rows.
 */
public final class SqliteAppealStore implements AppealStore {
  private static final String COLUMNS = "number, channel, user_id, conversation_id, language, category, confidence, "
      + "department, district, address, what, when_text, phone, phone_consent, status, resolution, created_ms, "
      + "updated_ms, version";

  private final Database db;
  private final Connection connection;

  SqliteAppealStore(Database db) {
    this.db = db;
    this.connection = db.connection;
  }

  /** Creates the appeal tables if they are missing; idempotent, independent of the other tables' schema version. */
  static void migrate(Connection c) throws SQLException {
    Database.setUp(c, s -> {
      s.execute("CREATE TABLE IF NOT EXISTS appeal_numbers (id INTEGER PRIMARY KEY AUTOINCREMENT, taken_ms INTEGER NOT NULL)");
      s.execute("""
          CREATE TABLE IF NOT EXISTS appeals (
            number TEXT PRIMARY KEY, request_key TEXT UNIQUE, channel TEXT NOT NULL, user_id TEXT NOT NULL,
            conversation_id TEXT, language TEXT NOT NULL, category TEXT, confidence REAL NOT NULL, department TEXT,
            district TEXT, address TEXT, what TEXT NOT NULL, when_text TEXT, phone TEXT, phone_consent INTEGER NOT NULL,
            status TEXT NOT NULL, resolution TEXT, created_ms INTEGER NOT NULL, updated_ms INTEGER NOT NULL,
            version INTEGER NOT NULL)""");
      s.execute("CREATE INDEX IF NOT EXISTS appeals_citizen ON appeals(channel, user_id, created_ms)");
      s.execute("CREATE INDEX IF NOT EXISTS appeals_department ON appeals(department, created_ms)");
      s.execute("CREATE INDEX IF NOT EXISTS appeals_created ON appeals(created_ms)");
      s.execute("""
          CREATE TABLE IF NOT EXISTS appeal_audit (
            id INTEGER PRIMARY KEY AUTOINCREMENT, number TEXT NOT NULL REFERENCES appeals(number), at_ms INTEGER NOT NULL,
            actor TEXT NOT NULL, from_status TEXT, to_status TEXT NOT NULL, note TEXT)""");
      s.execute("CREATE INDEX IF NOT EXISTS appeal_audit_number ON appeal_audit(number, id)");
      s.execute("""
          CREATE TRIGGER IF NOT EXISTS appeal_audit_no_update BEFORE UPDATE ON appeal_audit
          BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END""");
      s.execute("""
          CREATE TRIGGER IF NOT EXISTS appeal_audit_no_delete BEFORE DELETE ON appeal_audit
          BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END""");
      s.execute("""
          CREATE TABLE IF NOT EXISTS department_keys (
            id TEXT PRIMARY KEY, department TEXT NOT NULL, salt TEXT NOT NULL, hash TEXT NOT NULL,
            iterations INTEGER NOT NULL, created_ms INTEGER NOT NULL, revoked_ms INTEGER)""");
      // Analytics: when staff first responded, when it was resolved, the citizen's verdict and rating, the
      // group of similar appeals (columns added to databases made before them).
      java.util.Set<String> columns = new java.util.HashSet<>();
      try (ResultSet rs = s.executeQuery("PRAGMA table_info(appeals)")) {
        while (rs.next()) columns.add(rs.getString("name"));
      }
      for (String column : List.of("first_response_ms INTEGER", "resolved_ms INTEGER", "solved INTEGER",
          "satisfaction INTEGER", "rated_ms INTEGER", "cluster TEXT")) {
        if (!columns.contains(column.split(" ")[0])) s.execute("ALTER TABLE appeals ADD COLUMN " + column);
      }
      s.execute("CREATE INDEX IF NOT EXISTS appeals_cluster ON appeals(cluster, created_ms) WHERE cluster IS NOT NULL");
      // covers facts(from, to): a period's facts are read from the index alone, in order (about twice as fast)
      s.execute("CREATE INDEX IF NOT EXISTS appeals_facts ON appeals(created_ms, number, language, category, district, "
          + "department, status, first_response_ms, resolved_ms, solved, satisfaction, cluster)");
    });
  }

  private <T> Future<T> run(Callable<T> work) {
    return db.run(work);
  }

  /** Runs {@code work} in one transaction committed with {@code synchronous=FULL}. */
  private <T> Future<T> durably(Callable<T> work) {
    return db.durably(work);
  }

  @Override
  public Future<String> nextNumber(Instant at) {
    return run(() -> {
      try (PreparedStatement ps = connection.prepareStatement("INSERT INTO appeal_numbers (taken_ms) VALUES (?)")) {
        ps.setLong(1, at.toEpochMilli());
        ps.executeUpdate();
      }
      try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("SELECT last_insert_rowid()")) {
        rs.next();
        return AppealNumbers.format(at, rs.getLong(1));
      }
    });
  }

  @Override
  public Future<Appeal> insert(Appeal a, List<AuditEntry> trail, String requestKey) {
    return durably(() -> {
      if (requestKey != null) {
        try (PreparedStatement ps = connection.prepareStatement("SELECT " + COLUMNS + " FROM appeals WHERE request_key = ?")) {
          ps.setString(1, requestKey);
          try (ResultSet rs = ps.executeQuery()) {
            if (rs.next()) return read(rs);
          }
        }
      }
      try (PreparedStatement ps = connection.prepareStatement(
          "INSERT INTO appeals (" + COLUMNS + ", request_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
        bind(ps, a);
        ps.setString(20, requestKey);
        ps.executeUpdate();
      }
      appendTrail(trail);
      return a;
    });
  }

  @Override
  public Future<Optional<Appeal>> find(String number) {
    return run(() -> {
      try (PreparedStatement ps = connection.prepareStatement("SELECT " + COLUMNS + " FROM appeals WHERE number = ?")) {
        ps.setString(1, number);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? Optional.of(read(rs)) : Optional.empty();
        }
      }
    });
  }

  @Override
  public Future<Appeal> update(Change change) {
    Appeal a = change.after();
    return durably(() -> {
      try (PreparedStatement ps = connection.prepareStatement("""
          UPDATE appeals SET category = ?, confidence = ?, department = ?, status = ?, resolution = ?, updated_ms = ?,
            version = ?, first_response_ms = COALESCE(first_response_ms, ?), resolved_ms = COALESCE(resolved_ms, ?),
            solved = COALESCE(?, solved) WHERE number = ? AND version = ?""")) {
        ps.setString(1, a.category());
        ps.setDouble(2, a.confidence());
        ps.setString(3, a.department());
        ps.setString(4, a.status().wire());
        ps.setString(5, a.resolution());
        ps.setLong(6, a.updatedAt().toEpochMilli());
        ps.setLong(7, a.version());
        ps.setObject(8, change.isStaffResponse() ? change.entry().at().toEpochMilli() : null);
        ps.setObject(9, change.resolvedAt() == null ? null : change.resolvedAt().toEpochMilli());
        ps.setObject(10, change.verdict() == null ? null : change.verdict() ? 1 : 0);
        ps.setString(11, a.number());
        ps.setLong(12, change.before().version());
        if (ps.executeUpdate() != 1) throw new StaleAppeal(a.number());
      }
      appendTrail(List.of(change.entry()));
      return a;
    });
  }

  private void appendTrail(List<AuditEntry> trail) throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement(
        "INSERT INTO appeal_audit (number, at_ms, actor, from_status, to_status, note) VALUES (?, ?, ?, ?, ?, ?)")) {
      for (AuditEntry e : trail) {
        ps.setString(1, e.number());
        ps.setLong(2, e.at().toEpochMilli());
        ps.setString(3, e.actor());
        ps.setString(4, e.from() == null ? null : e.from().wire());
        ps.setString(5, e.to().wire());
        ps.setString(6, e.note());
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  @Override
  public Future<List<AuditEntry>> trail(String number) {
    return run(() -> {
      try (PreparedStatement ps = connection.prepareStatement(
          "SELECT number, at_ms, actor, from_status, to_status, note FROM appeal_audit WHERE number = ? ORDER BY id")) {
        ps.setString(1, number);
        List<AuditEntry> result = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            String from = rs.getString(4);
            result.add(new AuditEntry(rs.getString(1), Instant.ofEpochMilli(rs.getLong(2)), rs.getString(3),
                from == null ? null : AppealStatus.fromWire(from), AppealStatus.fromWire(rs.getString(5)), rs.getString(6)));
          }
        }
        return result;
      }
    });
  }

  @Override
  public Future<List<Appeal>> search(AppealQuery q) {
    return run(() -> {
      StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM appeals WHERE 1 = 1");
      List<Object> args = new ArrayList<>();
      if (q.citizen() != null) {
        sql.append(" AND channel = ? AND user_id = ?");
        args.add(q.citizen().channel());
        args.add(q.citizen().userId());
      }
      if (q.department() != null) {
        sql.append(" AND department = ?");
        args.add(q.department());
      }
      if (q.triage()) sql.append(" AND department IS NULL AND status = 'received'");
      if (!q.statuses().isEmpty()) {
        sql.append(" AND status IN (").append(String.join(", ", q.statuses().stream().map(s -> "?").toList())).append(")");
        q.statuses().forEach(s -> args.add(s.wire()));
      }
      if (!q.categories().isEmpty()) {
        sql.append(" AND category IN (").append(String.join(", ", q.categories().stream().map(s -> "?").toList())).append(")");
        args.addAll(q.categories());
      }
      if (q.from() != null) {
        sql.append(" AND created_ms >= ?");
        args.add(q.from().toEpochMilli());
      }
      if (q.to() != null) {
        sql.append(" AND created_ms < ?");
        args.add(q.to().toEpochMilli());
      }
      sql.append(" ORDER BY created_ms DESC, number DESC LIMIT ?");
      args.add(q.limit());
      try (PreparedStatement ps = connection.prepareStatement(sql.toString())) {
        for (int i = 0; i < args.size(); i++) ps.setObject(i + 1, args.get(i));
        List<Appeal> result = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) result.add(read(rs));
        }
        return result;
      }
    });
  }

  @Override
  public Future<Void> saveKey(DepartmentKey k) {
    return durably(() -> {
      try (PreparedStatement ps = connection.prepareStatement("""
          INSERT INTO department_keys (id, department, salt, hash, iterations, created_ms, revoked_ms)
          VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET revoked_ms = excluded.revoked_ms""")) {
        ps.setString(1, k.id());
        ps.setString(2, k.department());
        ps.setString(3, k.salt());
        ps.setString(4, k.hash());
        ps.setInt(5, k.iterations());
        ps.setLong(6, k.createdAt().toEpochMilli());
        if (k.revokedAt() == null) ps.setNull(7, Types.INTEGER);
        else ps.setLong(7, k.revokedAt().toEpochMilli());
        ps.executeUpdate();
        return null;
      }
    });
  }

  @Override
  public Future<Optional<DepartmentKey>> findKey(String id) {
    return run(() -> {
      try (PreparedStatement ps = connection.prepareStatement(
          "SELECT id, department, salt, hash, iterations, created_ms, revoked_ms FROM department_keys WHERE id = ?")) {
        ps.setString(1, id);
        try (ResultSet rs = ps.executeQuery()) {
          if (!rs.next()) return Optional.empty();
          long revoked = rs.getLong(7);
          boolean valid = rs.wasNull();
          return Optional.of(new DepartmentKey(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
              rs.getInt(5), Instant.ofEpochMilli(rs.getLong(6)), valid ? null : Instant.ofEpochMilli(revoked)));
        }
      }
    });
  }

  @Override
  public Future<Void> rate(String number, int satisfaction, Instant at) {
    if (satisfaction < 1 || satisfaction > 5) return Future.failedFuture(new IllegalArgumentException("satisfaction must be 1 to 5"));
    return durably(() -> {
      try (PreparedStatement ps = connection.prepareStatement(
          "UPDATE appeals SET satisfaction = ?, rated_ms = ? WHERE number = ?")) {
        ps.setInt(1, satisfaction);
        ps.setLong(2, at.toEpochMilli());
        ps.setString(3, number);
        if (ps.executeUpdate() != 1) throw new NoSuchAppeal(number);
      }
      return null;
    });
  }

  @Override
  public Future<Void> link(String number, String cluster) {
    return run(() -> {
      try (PreparedStatement ps = connection.prepareStatement("UPDATE appeals SET cluster = ? WHERE number = ?")) {
        ps.setString(1, cluster);
        ps.setString(2, number);
        if (ps.executeUpdate() != 1) throw new NoSuchAppeal(number);
      }
      return null;
    });
  }

  @Override
  public Future<List<String>> cluster(String cluster) {
    return run(() -> {
      try (PreparedStatement ps = connection.prepareStatement(
          "SELECT number FROM appeals WHERE cluster = ? ORDER BY created_ms, number")) {
        ps.setString(1, cluster);
        List<String> result = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) result.add(rs.getString(1));
        }
        return result;
      }
    });
  }

  private static final String FACT_COLUMNS = "number, created_ms, language, category, district, department, status, "
      + "first_response_ms, resolved_ms, solved, satisfaction, cluster";

  @Override
  public Future<Optional<AppealFact>> fact(String number) {
    return run(() -> {
      try (PreparedStatement ps = connection.prepareStatement("SELECT " + FACT_COLUMNS + " FROM appeals WHERE number = ?")) {
        ps.setString(1, number);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? Optional.of(readFact(rs)) : Optional.empty();
        }
      }
    });
  }

  @Override
  public Future<List<AppealFact>> facts(Instant from, Instant to) {
    return run(() -> {
      try (PreparedStatement ps = connection.prepareStatement("SELECT " + FACT_COLUMNS
          + " FROM appeals WHERE created_ms >= ? AND created_ms < ? ORDER BY created_ms, number")) {
        ps.setLong(1, from.toEpochMilli());
        ps.setLong(2, to.toEpochMilli());
        List<AppealFact> result = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) result.add(readFact(rs));
        }
        return result;
      }
    });
  }

  /** The column of a key. */
  private static String column(AppealGroup.Key key) {
    return switch (key) {
      case CATEGORY -> "category";
      case DEPARTMENT -> "department";
      case DISTRICT -> "district";
      case STATUS -> "status";
      case LANGUAGE -> "language";
      case CLUSTER -> "cluster";
    };
  }

  /**
   * Counted in SQL, one scan of the covering index {@code appeals_facts} (named, so that statistics never lead
   * the planner to another index and a lookup of every row). By day, a table of the query's days (index,
   * first and first-after instant) is joined by range, so that days need not be 24 hours long.
   */
  @Override
  public Future<List<AppealTally>> tally(TallyQuery q) {
    return run(() -> {
      List<AppealGroup.Key> keys = List.copyOf(q.by());
      List<Object> args = new ArrayList<>();
      StringBuilder sql = new StringBuilder();
      List<String> groupBy = new ArrayList<>();
      if (q.byDay()) {
        sql.append("WITH days(i, first_ms, end_ms) AS (VALUES ");
        List<Instant> ends = q.dayEnds();
        for (int i = 0; i < q.days().size(); i++) {
          sql.append(i == 0 ? "(?, ?, ?)" : ", (?, ?, ?)");
          args.addAll(List.of(i, q.days().get(i).toEpochMilli(), ends.get(i).toEpochMilli()));
        }
        sql.append(") ");
        groupBy.add("days.i");
      }
      keys.forEach(k -> groupBy.add(column(k)));
      sql.append("SELECT ").append(q.byDay() ? "days.i" : "-1");
      for (AppealGroup.Key k : keys) sql.append(", ").append(column(k));
      sql.append(", COUNT(*)");
      if (q.outcomes()) {
        sql.append(", COUNT(resolved_ms), COUNT(solved), SUM(solved = 1), SUM(satisfaction = 1), SUM(satisfaction = 2),"
            + " SUM(satisfaction = 3), SUM(satisfaction = 4), SUM(satisfaction = 5)");
      }
      if (q.byDay()) {
        // the days first: each day is one range of the index
        sql.append(" FROM days CROSS JOIN appeals INDEXED BY appeals_facts")
            .append(" WHERE created_ms >= days.first_ms AND created_ms < days.end_ms");
      } else {
        sql.append(" FROM appeals INDEXED BY appeals_facts WHERE created_ms >= ? AND created_ms < ?");
        args.addAll(List.of(q.from().toEpochMilli(), q.to().toEpochMilli()));
      }
      if (q.clusteredOnly()) sql.append(" AND cluster IS NOT NULL");
      if (!groupBy.isEmpty()) sql.append(" GROUP BY ").append(String.join(", ", groupBy));
      List<AppealTally> result = new ArrayList<>();
      try (PreparedStatement ps = connection.prepareStatement(sql.toString())) {
        for (int i = 0; i < args.size(); i++) ps.setObject(i + 1, args.get(i));
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            int c = keys.size() + 2;
            int filed = rs.getInt(c);
            if (filed == 0) continue; // no GROUP BY: one row even for no appeals
            result.add(new AppealTally(group(q, rs.getInt(1), keys, rs), filed, !q.outcomes() ? null
                : new AppealTally.Outcomes(rs.getInt(c + 1), rs.getInt(c + 2), rs.getInt(c + 3),
                    List.of(rs.getInt(c + 4), rs.getInt(c + 5), rs.getInt(c + 6), rs.getInt(c + 7), rs.getInt(c + 8)))));
          }
        }
      }
      result.sort((a, b) -> AppealGroup.ORDER.compare(a.group(), b.group()));
      return result;
    });
  }

  /** The group of a row of the day {@code day} whose columns from the second on are the keys' values, in order. */
  private static AppealGroup group(TallyQuery q, int day, List<AppealGroup.Key> keys, ResultSet rs) throws SQLException {
    if (keys.isEmpty()) return new AppealGroup(day, null, null, null, null, null, null);
    java.util.Map<AppealGroup.Key, String> values = new java.util.EnumMap<>(AppealGroup.Key.class);
    for (int i = 0; i < keys.size(); i++) values.put(keys.get(i), rs.getString(i + 2));
    String status = values.get(AppealGroup.Key.STATUS);
    return AppealGroup.of(q, day, values.get(AppealGroup.Key.CATEGORY), values.get(AppealGroup.Key.DEPARTMENT),
        values.get(AppealGroup.Key.DISTRICT), status == null ? null : AppealStatus.fromWire(status),
        values.get(AppealGroup.Key.LANGUAGE), values.get(AppealGroup.Key.CLUSTER));
  }

  /** Reads only the filing time, the two durations and the keys of the appeals with a time, from the covering index. */
  @Override
  public Future<List<AppealTimes>> times(TallyQuery q) {
    return run(() -> {
      List<AppealGroup.Key> keys = List.copyOf(q.by());
      StringBuilder sql = new StringBuilder("SELECT created_ms");
      for (AppealGroup.Key k : keys) sql.append(", ").append(column(k));
      sql.append(", first_response_ms - created_ms, resolved_ms - created_ms FROM appeals INDEXED BY appeals_facts"
          + " WHERE created_ms >= ? AND created_ms < ?"
          + " AND (first_response_ms IS NOT NULL OR resolved_ms IS NOT NULL)");
      if (q.clusteredOnly()) sql.append(" AND cluster IS NOT NULL");
      AppealTimes.Gathering times = new AppealTimes.Gathering();
      try (PreparedStatement ps = connection.prepareStatement(sql.toString())) {
        ps.setLong(1, q.from().toEpochMilli());
        ps.setLong(2, q.to().toEpochMilli());
        int c = keys.size() + 2;
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            AppealGroup group = group(q, q.day(rs.getLong(1)), keys, rs);
            long first = rs.getLong(c);
            boolean noFirst = rs.wasNull();
            long resolution = rs.getLong(c + 1);
            boolean noResolution = rs.wasNull();
            times.add(group, noFirst ? null : first, noResolution ? null : resolution);
          }
        }
      }
      return times.times();
    });
  }

  private static final String ROW_COLUMNS = COLUMNS + ", first_response_ms, resolved_ms, solved, satisfaction, cluster";

  /**
   * Keyset paging: the index {@code appeals_facts}, in the pages' order, is entered at the last row's filing
   * time, never counted through.
   */
  @Override
  public Future<List<AppealRow>> page(Instant from, Instant to, AppealRow after, int limit) {
    return run(() -> {
      boolean next = after != null && !after.appeal().createdAt().isBefore(from);
      try (PreparedStatement ps = connection.prepareStatement("SELECT " + ROW_COLUMNS
          + " FROM appeals INDEXED BY appeals_facts WHERE created_ms >= ? AND created_ms < ?"
          + (next ? " AND (created_ms > ? OR number > ?)" : "")
          + " ORDER BY created_ms, number LIMIT ?")) {
        int i = 1;
        ps.setLong(i++, next ? after.appeal().createdAt().toEpochMilli() : from.toEpochMilli());
        ps.setLong(i++, to.toEpochMilli());
        if (next) {
          ps.setLong(i++, after.appeal().createdAt().toEpochMilli());
          ps.setString(i++, after.appeal().number());
        }
        ps.setInt(i, limit);
        List<AppealRow> result = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            Appeal a = read(rs);
            result.add(new AppealRow(a, fact(a.number(), a.createdAt(), a.language(), a.category(), a.district(),
                a.department(), a.status(), rs, 20)));
          }
        }
        return result;
      }
    });
  }

  private static AppealFact readFact(ResultSet rs) throws SQLException {
    return fact(rs.getString(1), Instant.ofEpochMilli(rs.getLong(2)), rs.getString(3), rs.getString(4), rs.getString(5),
        rs.getString(6), AppealStatus.fromWire(rs.getString(7)), rs, 8);
  }

  /** The facts of an appeal with first_response_ms, resolved_ms, solved, satisfaction and cluster from column {@code c} on. */
  private static AppealFact fact(String number, Instant createdAt, String language, String category, String district,
      String department, AppealStatus status, ResultSet rs, int c) throws SQLException {
    long firstResponse = rs.getLong(c);
    boolean noResponse = rs.wasNull();
    long resolved = rs.getLong(c + 1);
    boolean notResolved = rs.wasNull();
    int solved = rs.getInt(c + 2);
    boolean noVerdict = rs.wasNull();
    int satisfaction = rs.getInt(c + 3);
    boolean notRated = rs.wasNull();
    return new AppealFact(number, createdAt, language, category, district, department, status,
        noResponse ? null : Instant.ofEpochMilli(firstResponse), notResolved ? null : Instant.ofEpochMilli(resolved),
        noVerdict ? null : solved == 1, notRated ? null : satisfaction, rs.getString(c + 4));
  }

  private static void bind(PreparedStatement ps, Appeal a) throws SQLException {
    ps.setString(1, a.number());
    ps.setString(2, a.citizen().channel());
    ps.setString(3, a.citizen().userId());
    ps.setString(4, a.conversationId());
    ps.setString(5, a.language());
    ps.setString(6, a.category());
    ps.setDouble(7, a.confidence());
    ps.setString(8, a.department());
    ps.setString(9, a.district());
    ps.setString(10, a.address());
    ps.setString(11, a.what());
    ps.setString(12, a.when());
    ps.setString(13, a.phone());
    ps.setInt(14, a.phoneConsent() ? 1 : 0);
    ps.setString(15, a.status().wire());
    ps.setString(16, a.resolution());
    ps.setLong(17, a.createdAt().toEpochMilli());
    ps.setLong(18, a.updatedAt().toEpochMilli());
    ps.setLong(19, a.version());
  }

  private static Appeal read(ResultSet rs) throws SQLException {
    return new Appeal(rs.getString(1), new ChannelIdentity(rs.getString(2), rs.getString(3)), rs.getString(4),
        rs.getString(5), rs.getString(6), rs.getDouble(7), rs.getString(8), rs.getString(9), rs.getString(10),
        rs.getString(11), rs.getString(12), rs.getString(13), rs.getInt(14) == 1, AppealStatus.fromWire(rs.getString(15)),
        rs.getString(16), Instant.ofEpochMilli(rs.getLong(17)), Instant.ofEpochMilli(rs.getLong(18)), rs.getLong(19));
  }
}
