package org.swiftline.gateway.store.sqlite;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Copies the write-ahead log back into the database file in the background, on its own connection and
 * thread, so that no chat turn waits for it. Left to SQLite (its automatic checkpoint), the commit that
 * crosses 1,000 log pages copies them and syncs the file itself, while every turn queued behind it on the
 * store's one writer thread waits: a stall of several milliseconds every few seconds under load, which is
 * what the slowest turns measured. Passive checkpoints never block the writer; if one cannot finish
 * (a reader still needs old pages), the next one goes on from there.
 */
final class Checkpoints {
  private static final System.Logger LOG = System.getLogger("swiftline.store");
  /** How often the log is copied back. */
  static final long PERIOD_MS = 1000;

  private final Vertx vertx;
  private final WorkerExecutor worker;
  private final Connection connection;
  private final AtomicBoolean running = new AtomicBoolean();
  private final long timer;

  private Checkpoints(Vertx vertx, WorkerExecutor worker, Connection connection, long periodMillis) {
    this.vertx = vertx;
    this.worker = worker;
    this.connection = connection;
    this.timer = vertx.setPeriodic(periodMillis, id -> checkpoint());
  }

  /** Starts checkpointing {@code file} every {@code periodMillis}; the writer's connection has opened it in WAL mode. */
  static Future<Checkpoints> start(Vertx vertx, Path file, long periodMillis) {
    WorkerExecutor worker = vertx.createSharedWorkerExecutor("swiftline-sqlite-checkpoints-" + file.toAbsolutePath(), 1);
    return worker.<Connection>executeBlocking(() -> {
      Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
      try (Statement s = c.createStatement()) {
        s.execute("PRAGMA busy_timeout=5000");
      }
      return c;
    }).map(c -> new Checkpoints(vertx, worker, c, periodMillis)).onFailure(e -> worker.close());
  }

  private void checkpoint() {
    if (!running.compareAndSet(false, true)) return;
    worker.executeBlocking(() -> {
      try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("PRAGMA wal_checkpoint(PASSIVE)")) {
        return rs.next() && rs.getInt(1) != 0;
      }
    }).onComplete(done -> {
      running.set(false);
      if (done.failed()) {
        LOG.log(System.Logger.Level.WARNING, "store.checkpoint.failed reason={0}", done.cause().getMessage());
      } else if (done.result()) {
        LOG.log(System.Logger.Level.DEBUG, "store.checkpoint.busy");
      }
    });
  }

  /** Stops the timer and closes the connection (the writer's connection checkpoints the rest when it closes). */
  Future<Void> close() {
    vertx.cancelTimer(timer);
    return worker.<Void>executeBlocking(() -> {
      connection.close();
      return null;
    }).eventually(worker::close);
  }
}
