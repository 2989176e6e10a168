package org.swiftline.gateway.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.swiftline.gateway.operators.Action;
import org.swiftline.gateway.store.sqlite.SqliteStores;

/** The operator store contract on SQLite, plus the append-only audit table. */
class OperatorStoreSqliteTest extends OperatorStoreContract {
  @TempDir Path folder;

  @Override
  protected Stores open(Vertx vertx) {
    return SqliteStores.open(vertx, folder.resolve("swiftline.db")).await();
  }

  @Test
  void theAuditLogCannotBeRewrittenEvenWithSql() throws SQLException {
    operators.audit(new Action(T0, "anna", "session.signIn", null, null)).await();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + folder.resolve("swiftline.db"))) {
      SQLException update = assertThrows(SQLException.class,
          () -> c.createStatement().executeUpdate("UPDATE operator_audit SET actor = 'someone'"));
      assertTrue(update.getMessage().contains("append-only"), update.getMessage());
      assertThrows(SQLException.class, () -> c.createStatement().executeUpdate("DELETE FROM operator_audit"));
    }
    assertEquals(1, operators.audits(null, 10).await().size());
  }
}
