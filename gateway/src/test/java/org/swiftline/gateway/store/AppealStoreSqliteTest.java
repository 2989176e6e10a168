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
import org.swiftline.gateway.appeals.Appeal;
import org.swiftline.gateway.store.sqlite.SqliteStores;

/** The appeal store contract on SQLite, plus durability across a reopen and the append-only audit table. */
class AppealStoreSqliteTest extends AppealStoreContract {
  @TempDir Path folder;

  @Override
  protected Stores open(Vertx vertx) {
    return SqliteStores.open(vertx, folder.resolve("swiftline.db")).await();
  }

  @Test
  void aReopenedDatabaseHasTheAppealsAndNeverReusesANumber() {
    Appeal filed = file(ANN, "transport", "transport-taxi", T0);
    String unused = appeals.nextNumber(T0).await();
    stores.close().get().await();
    stores = open(vertx);
    appeals = stores.appeals();
    assertEquals(filed, appeals.find(filed.number()).await().orElseThrow());
    String next = appeals.nextNumber(T0).await();
    assertTrue(next.compareTo(unused) > 0, next + " after " + unused);
  }

  @Test
  void theAuditTrailCannotBeRewrittenEvenWithSql() throws SQLException {
    Appeal filed = file(ANN, "transport", "transport-taxi", T0);
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + folder.resolve("swiftline.db"))) {
      SQLException update = assertThrows(SQLException.class,
          () -> c.createStatement().executeUpdate("UPDATE appeal_audit SET note = 'forged'"));
      assertTrue(update.getMessage().contains("append-only"), update.getMessage());
      assertThrows(SQLException.class, () -> c.createStatement().executeUpdate("DELETE FROM appeal_audit"));
    }
    assertEquals(2, appeals.trail(filed.number()).await().size());
  }
}
