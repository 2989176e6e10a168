package org.swiftline.gateway.store;

import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import org.swiftline.gateway.store.sqlite.SqliteStores;

/** The leases contract on the embedded store (in-process leases). */
class SqliteLeasesTest extends LeasesContract {
  @Override
  protected Stores open(Vertx vertx) {
    try {
      return SqliteStores.open(vertx, Files.createTempDirectory("swiftline-leases").resolve("swiftline.db")).await();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
