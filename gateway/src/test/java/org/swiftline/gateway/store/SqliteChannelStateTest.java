package org.swiftline.gateway.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.swiftline.gateway.store.sqlite.SqliteStores;

/** The channel-state contract on the embedded SQLite store, plus durability across a reopen. */
class SqliteChannelStateTest extends ChannelStateContract {
  @TempDir Path folder;

  @Override
  protected Stores open(Vertx vertx) {
    return SqliteStores.open(vertx, folder.resolve("swiftline.db")).await();
  }

  @Test
  void aReopenedDatabaseKeepsTheState() {
    state().put("telegram:1:offset", "918273650").await();
    stores.close().get().await();
    stores = open(vertx);
    assertEquals(Optional.of("918273650"), state().get("telegram:1:offset").await());
  }
}
