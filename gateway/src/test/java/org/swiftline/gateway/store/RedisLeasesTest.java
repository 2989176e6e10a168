package org.swiftline.gateway.store;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.swiftline.gateway.store.redis.RedisStores;

/** The leases contract on the real Redis at 127.0.0.1:6379, plus two instances competing for one lease. */
class RedisLeasesTest extends LeasesContract {
  private final String prefix = "swiftline-test:" + UUID.randomUUID() + ":";

  @Override
  protected Stores open(Vertx vertx) {
    return RedisStores.open(vertx, RedisStoresTest.URL, prefix).await();
  }

  @AfterEach
  void deleteKeys() {
    RedisStoresTest.deleteKeys(vertx, prefix);
  }

  @Test
  void anotherInstanceOnTheSameRedisCannotTakeAHeldLeaseUntilItIsReleased() {
    Vertx second = Vertx.vertx();
    try {
      Stores there = open(second);
      Lease mine = stores.leases().tryAcquire("telegram:123:polling", Duration.ofSeconds(30)).await().orElseThrow();
      assertFalse(there.leases().tryAcquire("telegram:123:polling", Duration.ofSeconds(30)).await().isPresent());
      mine.release().await();
      assertTrue(there.leases().tryAcquire("telegram:123:polling", Duration.ofSeconds(30)).await().isPresent());
    } finally {
      second.close().await();
    }
  }
}
