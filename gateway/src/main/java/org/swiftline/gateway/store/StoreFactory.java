package org.swiftline.gateway.store;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.List;
import org.swiftline.gateway.store.sqlite.SqliteStores;

/**
 * Opens the stores named by {@code SWIFTLINE_STORE}. The only place that names implementations.
 * To add one: implement every store interface in a package beside {@code sqlite/} and add its word here.
 */
public final class StoreFactory {
  public static final List<String> KINDS = List.of("embedded", "redis");

  private StoreFactory() {}

  /** Succeeds with open stores, or fails naming the setting or file at fault. */
  public static Future<Stores> open(Vertx vertx, String kind, Path dataDirectory) {
    return switch (kind) {
      case "embedded" -> SqliteStores.open(vertx, dataDirectory.resolve("swiftline.db"));
      case "redis" -> Future.failedFuture(new IllegalArgumentException(
          "SWIFTLINE_STORE=redis is not available in this build yet; use 'embedded'"));
      default -> Future.failedFuture(new IllegalArgumentException(
          "SWIFTLINE_STORE: unknown store '" + kind + "'; allowed: " + String.join(", ", KINDS)));
    };
  }
}
