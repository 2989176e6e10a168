package org.swiftline.gateway.store;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.List;
import org.swiftline.gateway.store.redis.RedisStores;
import org.swiftline.gateway.store.sqlite.SqliteStores;

/**
 * Opens the stores named by {@code SWIFTLINE_STORE}. The only place that names implementations.
 * To add one: implement every store interface in a package beside {@code sqlite/} and add its word here.
 */
public final class StoreFactory {
  public static final List<String> KINDS = List.of("embedded", "redis");

  private StoreFactory() {}

  /**
   * Succeeds with open stores, or fails naming the setting, file or Redis URL at fault.
   *
   * @param dataDirectory where the embedded store keeps {@code swiftline.db}
   * @param redisUrl the Redis server of the {@code redis} store
   * @param redisPrefix the prefix of every key the {@code redis} store writes
   */
  public static Future<Stores> open(Vertx vertx, String kind, Path dataDirectory, String redisUrl, String redisPrefix) {
    return switch (kind) {
      case "embedded" -> SqliteStores.open(vertx, dataDirectory.resolve("swiftline.db"));
      case "redis" -> RedisStores.open(vertx, redisUrl, redisPrefix);
      default -> Future.failedFuture(new IllegalArgumentException(
          "SWIFTLINE_STORE: unknown store '" + kind + "'; allowed: " + String.join(", ", KINDS)));
    };
  }
}
