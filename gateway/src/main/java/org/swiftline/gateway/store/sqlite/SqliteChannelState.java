package org.swiftline.gateway.store.sqlite;

import io.vertx.core.Future;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.swiftline.bots.ChannelState;

/**
 * Channels' state in the embedded database: table {@code channel_state (key, value, expires_at)}, on the
 * store's one connection and worker, so that its writes are serialised with every other write. Expired
 * rows are never returned and are deleted now and then on writes.
 */
final class SqliteChannelState implements ChannelState {
  private static final int PURGE_EVERY = 1000;

  private final Database db;
  private final Connection connection;
  private final Clock clock;
  private int writes;

  SqliteChannelState(Database db, Clock clock) {
    this.db = db;
    this.connection = db.connection;
    this.clock = clock;
  }

  /** Creates the table if it is missing; runs on the store's worker while it opens. */
  static void createTable(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("""
          CREATE TABLE IF NOT EXISTS channel_state (
            key TEXT PRIMARY KEY, value TEXT NOT NULL, expires_at INTEGER)""");
    }
  }

  @Override
  public Future<Optional<String>> get(String key) {
    return db.run(() -> {
      try (PreparedStatement ps = connection.prepareStatement(
          "SELECT value FROM channel_state WHERE key = ? AND (expires_at IS NULL OR expires_at > ?)")) {
        ps.setString(1, key);
        ps.setLong(2, clock.millis());
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? Optional.of(rs.getString(1)) : Optional.<String>empty();
        }
      }
    });
  }

  @Override
  public Future<Void> put(String key, String value, Duration ttl) {
    return db.run(() -> {
      long now = clock.millis();
      try (PreparedStatement ps = connection.prepareStatement("""
          INSERT INTO channel_state (key, value, expires_at) VALUES (?, ?, ?)
          ON CONFLICT(key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at""")) {
        ps.setString(1, key);
        ps.setString(2, value);
        if (ttl == null) {
          ps.setNull(3, java.sql.Types.INTEGER);
        } else {
          ps.setLong(3, now + ttl.toMillis());
        }
        ps.executeUpdate();
      }
      if (++writes % PURGE_EVERY == 0) {
        try (PreparedStatement ps = connection.prepareStatement("DELETE FROM channel_state WHERE expires_at <= ?")) {
          ps.setLong(1, now);
          ps.executeUpdate();
        }
      }
      return null;
    });
  }
}
