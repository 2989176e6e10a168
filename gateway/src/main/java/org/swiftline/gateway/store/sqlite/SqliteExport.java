package org.swiftline.gateway.store.sqlite;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.swiftline.bots.QuickReply;
import org.swiftline.gateway.store.Migration;
import org.swiftline.gateway.store.NewEntry;

/**
 * Reads an embedded database for {@link Migration}: what the store interfaces do not list (every
 * conversation, appeal, key and channel-state value) and transcript entries with their outcome and article.
 * Blocking JDBC on a connection of its own: call from a worker thread.
 */
public final class SqliteExport implements AutoCloseable {
  /** An appeal's number and the request key it was filed under ({@code null}: none). */
  public record AppealRow(String number, String requestKey) {}

  private final Connection connection;

  private SqliteExport(Connection connection) {
    this.connection = connection;
  }

  /** Opens the database file for reading; fails naming it. */
  public static SqliteExport open(Path file) {
    try {
      Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
      return new SqliteExport(c);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot open the embedded database " + file + ": " + e.getMessage(), e);
    }
  }

  public List<String> conversationIds() throws SQLException {
    return strings("SELECT id FROM conversations ORDER BY created_at, id");
  }

  public long lastSeq(String conversationId) throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement("SELECT last_seq FROM conversations WHERE id = ?")) {
      ps.setString(1, conversationId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getLong(1) : 0;
      }
    }
  }

  public List<Migration.Message> messages(String conversationId) throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement("""
        SELECT seq, author, text, quick_replies, language, outcome, article_id, at FROM messages
        WHERE conversation_id = ? ORDER BY seq""")) {
      ps.setString(1, conversationId);
      List<Migration.Message> result = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          List<QuickReply> quickReplies = SqliteStores.decode(rs.getString(4));
          result.add(new Migration.Message(rs.getLong(1), new NewEntry(rs.getString(2), rs.getString(3), quickReplies,
              rs.getString(5), rs.getString(6), rs.getString(7), Instant.parse(rs.getString(8)))));
        }
      }
      return result;
    }
  }

  public List<AppealRow> appeals() throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement("SELECT number, request_key FROM appeals ORDER BY created_ms, number");
        ResultSet rs = ps.executeQuery()) {
      List<AppealRow> result = new ArrayList<>();
      while (rs.next()) result.add(new AppealRow(rs.getString(1), rs.getString(2)));
      return result;
    }
  }

  /** The last appeal counter value given out (0: none), gaps included. */
  public long appealCounter() throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement("SELECT COALESCE(MAX(id), 0) FROM appeal_numbers");
        ResultSet rs = ps.executeQuery()) {
      return rs.next() ? rs.getLong(1) : 0;
    }
  }

  public List<String> departmentKeyIds() throws SQLException {
    return strings("SELECT id FROM department_keys ORDER BY created_ms, id");
  }

  /** Channel-state values that have not expired at {@code nowMillis}. */
  public List<Migration.ChannelValue> channelState(long nowMillis) throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement(
        "SELECT key, value, expires_at FROM channel_state WHERE expires_at IS NULL OR expires_at > ? ORDER BY key")) {
      ps.setLong(1, nowMillis);
      List<Migration.ChannelValue> result = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          long expires = rs.getLong(3);
          Long expiresAt = rs.wasNull() ? null : expires;
          result.add(new Migration.ChannelValue(rs.getString(1), rs.getString(2), expiresAt));
        }
      }
      return result;
    }
  }

  private List<String> strings(String sql) throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
      List<String> result = new ArrayList<>();
      while (rs.next()) result.add(rs.getString(1));
      return result;
    }
  }

  @Override
  public void close() throws SQLException {
    connection.close();
  }
}
