package org.swiftline.gateway.store.sqlite;

import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.Callable;

/**
 * The embedded database's one connection and the one-thread worker every statement of the SQLite stores
 * runs on: JDBC never runs on the event loop, and one store's statements never interleave with another's,
 * so a compare-and-set is atomic without locks.
 */
final class Database {
  /** Work on the connection while the database opens, before the stores exist. */
  interface Setup {
    void run(Statement s) throws SQLException;
  }

  final Connection connection;
  private final WorkerExecutor worker;

  Database(WorkerExecutor worker, Connection connection) {
    this.worker = worker;
    this.connection = connection;
  }

  /** Runs {@code work} on the worker, after everything queued before it. */
  <T> Future<T> run(Callable<T> work) {
    return worker.executeBlocking(work, true);
  }

  /** Runs {@code work} on the worker in one transaction: committed when it returns, rolled back when it throws. */
  <T> Future<T> transaction(Callable<T> work) {
    return run(() -> inTransaction(work));
  }

  /**
   * As {@link #transaction}, committed with {@code synchronous=FULL}: once it succeeds, the write survives a
   * power loss too, not only a crash of the process (the connection's default, {@code NORMAL}).
   */
  <T> Future<T> durably(Callable<T> work) {
    return run(() -> {
      try (Statement s = connection.createStatement()) {
        s.execute("PRAGMA synchronous=FULL");
      }
      try {
        return inTransaction(work);
      } finally {
        try (Statement s = connection.createStatement()) {
          s.execute("PRAGMA synchronous=NORMAL");
        }
      }
    });
  }

  private <T> T inTransaction(Callable<T> work) throws Exception {
    connection.setAutoCommit(false);
    try {
      T result = work.call();
      connection.commit();
      return result;
    } catch (Exception e) {
      connection.rollback();
      throw e;
    } finally {
      connection.setAutoCommit(true);
    }
  }

  /** Runs {@code setup} on {@code c} in one transaction (creating tables while the database opens), restoring its mode. */
  static void setUp(Connection c, Setup setup) throws SQLException {
    boolean auto = c.getAutoCommit();
    c.setAutoCommit(false);
    try (Statement s = c.createStatement()) {
      setup.run(s);
      c.commit();
    } catch (SQLException e) {
      c.rollback();
      throw e;
    } finally {
      c.setAutoCommit(auto);
    }
  }

  /** Closes the connection after the statements queued before, then the worker. */
  Future<Void> close() {
    return run(() -> {
      connection.close();
      return (Void) null;
    }).eventually(worker::close);
  }
}
