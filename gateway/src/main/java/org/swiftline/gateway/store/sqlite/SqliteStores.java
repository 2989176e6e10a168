package org.swiftline.gateway.store.sqlite;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.swiftline.bots.ChannelIdentity;
import org.swiftline.bots.QuickReply;
import org.swiftline.bots.TranscriptEntry;
import org.swiftline.gateway.store.AnswerFeedback;
import org.swiftline.gateway.store.Conversation;
import org.swiftline.gateway.store.ConversationStore;
import org.swiftline.gateway.store.FeedbackStore;
import org.swiftline.gateway.store.NewEntry;
import org.swiftline.gateway.store.Stores;
import org.swiftline.gateway.store.UnansweredQuestion;

/**
 * The embedded store: one SQLite file in WAL mode, used through a single connection on a dedicated
 * one-thread worker pool, so that writes are serialised and the event loop never waits on JDBC.
 * WAL with {@code synchronous=NORMAL}: a committed write survives a crash of the process (kill -9); the
 * last commits before a power loss may be lost. Appeals, which must survive both, commit with
 * {@code synchronous=FULL} ({@link SqliteAppealStore}).
 */
public final class SqliteStores implements ConversationStore, FeedbackStore {
  private static final int SCHEMA_VERSION = 1;

  private final Database db;
  private final Connection connection;
  private final Checkpoints checkpoints;

  private SqliteStores(Database db, Checkpoints checkpoints) {
    this.db = db;
    this.connection = db.connection;
    this.checkpoints = checkpoints;
  }

  /** Opens (creating if needed) the database file; fails naming the file when it cannot. */
  public static Future<Stores> open(Vertx vertx, Path file) {
    return open(vertx, file, Checkpoints.PERIOD_MS);
  }

  /** As {@link #open(Vertx, Path)}, copying the write-ahead log back every {@code checkpointMillis}. */
  static Future<Stores> open(Vertx vertx, Path file, long checkpointMillis) {
    WorkerExecutor worker = vertx.createSharedWorkerExecutor("swiftline-sqlite-" + file.toAbsolutePath(), 1);
    return worker.<Connection>executeBlocking(() -> {
      try {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
        try (Statement s = c.createStatement()) {
          s.execute("PRAGMA journal_mode=WAL");
          s.execute("PRAGMA synchronous=NORMAL");
          // the log is copied back by Checkpoints, off the writer's thread
          s.execute("PRAGMA wal_autocheckpoint=0");
          s.execute("PRAGMA foreign_keys=ON");
          s.execute("PRAGMA busy_timeout=5000");
        }
        migrate(c);
        SqliteAppealStore.migrate(c);
        SqliteChannelState.createTable(c);
        try (Statement s = c.createStatement()) {
          s.execute("CREATE TABLE IF NOT EXISTS unanswered (id INTEGER PRIMARY KEY AUTOINCREMENT, text TEXT NOT NULL, "
              + "language TEXT, at_ms INTEGER NOT NULL)");
          s.execute("CREATE INDEX IF NOT EXISTS unanswered_at ON unanswered(at_ms)");
        }
        SqliteOperatorStore.migrate(c);
        return c;
      } catch (Exception e) {
        throw new IllegalStateException("cannot open the embedded database " + file + ": " + e.getMessage(), e);
      }
    }).compose(c -> {
      Database db = new Database(worker, c);
      return Checkpoints.start(vertx, file, checkpointMillis).transform(started -> started.succeeded()
          ? Future.succeededFuture(new SqliteStores(db, started.result()))
          : db.close().transform(v -> Future.<SqliteStores>failedFuture(started.cause())));
    }).map(s -> new Stores(s, s, new SqliteAppealStore(s.db), new SqliteOperatorStore(s.db),
        new SqliteChannelState(s.db, java.time.Clock.systemUTC()),
        new org.swiftline.gateway.relay.EventBusRelay(vertx),
        new org.swiftline.gateway.store.LocalLeases(java.time.Clock.systemUTC()), java.util.Optional::empty, s::close));
  }

  private static void migrate(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
      int version = 0;
      try (ResultSet rs = s.executeQuery("SELECT MAX(version) FROM schema_version")) {
        if (rs.next()) version = rs.getInt(1);
      }
      if (version > SCHEMA_VERSION) {
        throw new SQLException("database schema " + version + " is newer than this gateway (" + SCHEMA_VERSION + ")");
      }
      if (version < 1) {
        c.setAutoCommit(false);
        s.execute("""
            CREATE TABLE conversations (
              id TEXT PRIMARY KEY, channel TEXT NOT NULL, user_id TEXT NOT NULL, language TEXT,
              created_at TEXT NOT NULL, updated_at TEXT NOT NULL, state TEXT NOT NULL, last_seq INTEGER NOT NULL)""");
        s.execute("CREATE INDEX conversations_owner ON conversations(channel, user_id)");
        s.execute("""
            CREATE TABLE messages (
              conversation_id TEXT NOT NULL REFERENCES conversations(id), seq INTEGER NOT NULL,
              author TEXT NOT NULL, text TEXT NOT NULL, quick_replies TEXT, language TEXT, outcome TEXT,
              article_id TEXT, at TEXT NOT NULL, PRIMARY KEY (conversation_id, seq))""");
        s.execute("""
            CREATE TABLE answer_feedback (
              id INTEGER PRIMARY KEY AUTOINCREMENT, conversation_id TEXT NOT NULL, article_id TEXT NOT NULL,
              language TEXT, helpful INTEGER NOT NULL, at TEXT NOT NULL)""");
        s.execute("CREATE INDEX answer_feedback_article ON answer_feedback(article_id)");
        s.execute("INSERT INTO schema_version VALUES (1)");
        c.commit();
        c.setAutoCommit(true);
      }
    }
  }

  private <T> Future<T> run(Callable<T> work) {
    return db.run(work);
  }

  @Override
  public Future<Optional<Conversation>> find(String id) {
    return run(() -> {
      try (PreparedStatement ps = connection.prepareStatement(
          "SELECT id, channel, user_id, language, created_at, updated_at, state FROM conversations WHERE id = ?")) {
        ps.setString(1, id);
        try (ResultSet rs = ps.executeQuery()) {
          if (!rs.next()) return Optional.empty();
          return Optional.of(new Conversation(
              rs.getString(1), new ChannelIdentity(rs.getString(2), rs.getString(3)), rs.getString(4),
              Instant.parse(rs.getString(5)), Instant.parse(rs.getString(6)), new JsonObject(rs.getString(7))));
        }
      }
    });
  }

  @Override
  public Future<List<TranscriptEntry>> record(Conversation c, List<NewEntry> entries) {
    return db.transaction(() -> {
      long last = 0;
      try (PreparedStatement ps = connection.prepareStatement("SELECT last_seq FROM conversations WHERE id = ?")) {
        ps.setString(1, c.id());
        try (ResultSet rs = ps.executeQuery()) {
          if (rs.next()) last = rs.getLong(1);
        }
      }
      try (PreparedStatement ps = connection.prepareStatement("""
          INSERT INTO conversations (id, channel, user_id, language, created_at, updated_at, state, last_seq)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?)
          ON CONFLICT(id) DO UPDATE SET language = excluded.language, updated_at = excluded.updated_at,
            state = excluded.state, last_seq = excluded.last_seq""")) {
        ps.setString(1, c.id());
        ps.setString(2, c.owner().channel());
        ps.setString(3, c.owner().userId());
        ps.setString(4, c.language());
        ps.setString(5, c.createdAt().toString());
        ps.setString(6, c.updatedAt().toString());
        ps.setString(7, c.state().encode());
        ps.setLong(8, last + entries.size());
        ps.executeUpdate();
      }
      List<TranscriptEntry> stored = new ArrayList<>();
      try (PreparedStatement ps = connection.prepareStatement("""
          INSERT INTO messages (conversation_id, seq, author, text, quick_replies, language, outcome, article_id, at)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
        long seq = last;
        for (NewEntry e : entries) {
          seq++;
          ps.setString(1, c.id());
          ps.setLong(2, seq);
          ps.setString(3, e.author());
          ps.setString(4, e.text());
          ps.setString(5, e.quickReplies().isEmpty() ? null : encode(e.quickReplies()));
          ps.setString(6, e.language());
          ps.setString(7, e.outcome());
          ps.setString(8, e.articleId());
          ps.setString(9, e.at().toString());
          ps.addBatch();
          stored.add(new TranscriptEntry(seq, e.author(), e.text(), e.quickReplies(), e.language(), e.at()));
        }
        ps.executeBatch();
      }
      return stored;
    });
  }

  @Override
  public Future<List<TranscriptEntry>> transcript(String conversationId, long afterSeq, int limit) {
    return run(() -> {
      try (PreparedStatement ps = connection.prepareStatement("""
          SELECT seq, author, text, quick_replies, language, at FROM messages
          WHERE conversation_id = ? AND seq > ? ORDER BY seq LIMIT ?""")) {
        ps.setString(1, conversationId);
        ps.setLong(2, afterSeq);
        ps.setInt(3, limit);
        List<TranscriptEntry> result = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            result.add(new TranscriptEntry(rs.getLong(1), rs.getString(2), rs.getString(3), decode(rs.getString(4)),
                rs.getString(5), Instant.parse(rs.getString(6))));
          }
        }
        return result;
      }
    });
  }

  @Override
  public Future<java.util.Map<Long, String>> articles(String conversationId) {
    return run(() -> {
      try (PreparedStatement ps = connection.prepareStatement(
          "SELECT seq, article_id FROM messages WHERE conversation_id = ? AND article_id IS NOT NULL ORDER BY seq")) {
        ps.setString(1, conversationId);
        java.util.Map<Long, String> result = new java.util.LinkedHashMap<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) result.put(rs.getLong(1), rs.getString(2));
        }
        return result;
      }
    });
  }

  @Override
  public Future<Void> record(AnswerFeedback f) {
    return run(() -> {
      try (PreparedStatement ps = connection.prepareStatement(
          "INSERT INTO answer_feedback (conversation_id, article_id, language, helpful, at) VALUES (?, ?, ?, ?, ?)")) {
        ps.setString(1, f.conversationId());
        ps.setString(2, f.articleId());
        ps.setString(3, f.language());
        ps.setInt(4, f.helpful() ? 1 : 0);
        ps.setString(5, f.at().toString());
        ps.executeUpdate();
        return null;
      }
    });
  }

  @Override
  public Future<List<AnswerFeedback>> forConversation(String conversationId) {
    return run(() -> {
      try (PreparedStatement ps = connection.prepareStatement(
          "SELECT conversation_id, article_id, language, helpful, at FROM answer_feedback WHERE conversation_id = ? ORDER BY id")) {
        ps.setString(1, conversationId);
        List<AnswerFeedback> result = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            result.add(new AnswerFeedback(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4) == 1,
                Instant.parse(rs.getString(5))));
          }
        }
        return result;
      }
    });
  }

  @Override
  public Future<Void> recordUnanswered(UnansweredQuestion q) {
    return run(() -> {
      try (PreparedStatement ps = connection.prepareStatement("INSERT INTO unanswered (text, language, at_ms) VALUES (?, ?, ?)")) {
        ps.setString(1, q.text());
        ps.setString(2, q.language());
        ps.setLong(3, q.at().toEpochMilli());
        ps.executeUpdate();
        return null;
      }
    });
  }

  @Override
  public Future<List<UnansweredQuestion>> unanswered(Instant from, Instant to, int limit) {
    return run(() -> {
      try (PreparedStatement ps = connection.prepareStatement(
          "SELECT text, language, at_ms FROM unanswered WHERE at_ms >= ? AND at_ms < ? ORDER BY at_ms DESC, id DESC LIMIT ?")) {
        ps.setLong(1, from.toEpochMilli());
        ps.setLong(2, to.toEpochMilli());
        ps.setInt(3, limit);
        List<UnansweredQuestion> result = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) result.add(new UnansweredQuestion(rs.getString(1), rs.getString(2), Instant.ofEpochMilli(rs.getLong(3))));
        }
        return result;
      }
    });
  }

  private Future<Void> close() {
    return checkpoints.close().transform(v -> db.close());
  }


  private static String encode(List<QuickReply> quickReplies) {
    JsonArray a = new JsonArray();
    quickReplies.forEach(q -> a.add(new JsonObject().put("title", q.title()).put("payload", q.payload())));
    return a.encode();
  }

  static List<QuickReply> decode(String json) {
    if (json == null) return List.of();
    List<QuickReply> result = new ArrayList<>();
    for (Object o : new JsonArray(json)) {
      JsonObject q = (JsonObject) o;
      result.add(new QuickReply(q.getString("title"), q.getString("payload")));
    }
    return result;
  }
}
