package org.swiftline.gateway.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.swiftline.gateway.store.sqlite.SqliteStores;

/** The store contract on the embedded SQLite store, plus durability across a reopen. */
class SqliteStoresTest extends StoreContract {
  @TempDir Path folder;

  @Override
  protected Stores open(Vertx vertx) {
    return SqliteStores.open(vertx, folder.resolve("swiftline.db")).await();
  }

  @Test
  void aReopenedDatabaseHasEverythingThatWasRecorded() {
    stores.conversations().record(conversation("durable", "frank"), List.of(entry("user", "q"), entry("bot", "a"))).await();
    stores.close().get().await();
    stores = open(vertx);
    assertEquals("frank", stores.conversations().find("durable").await().orElseThrow().owner().userId());
    assertEquals(2, stores.conversations().transcript("durable", 0, 10).await().size());
  }
}
