package org.swiftline.gateway.store;

import io.vertx.core.Vertx;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.swiftline.gateway.store.redis.RedisStores;

/** The operator store contract on the real Redis at 127.0.0.1:6379, each test under its own key prefix. */
class OperatorStoreRedisTest extends OperatorStoreContract {
  private final String prefix = "swiftline-test:" + UUID.randomUUID() + ":";

  @Override
  protected Stores open(Vertx vertx) {
    return RedisStores.open(vertx, RedisStoresTest.URL, prefix).await();
  }

  @AfterEach
  void deleteKeys() {
    Vertx cleanup = Vertx.vertx();
    try {
      RedisStoresTest.deleteKeys(cleanup, prefix);
    } finally {
      cleanup.close().await();
    }
  }
}
