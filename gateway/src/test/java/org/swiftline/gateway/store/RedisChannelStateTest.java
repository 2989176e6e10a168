package org.swiftline.gateway.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.swiftline.gateway.store.redis.RedisStores;

/** The channel-state contract on the real Redis at 127.0.0.1:6379, under a unique prefix deleted afterwards. */
class RedisChannelStateTest extends ChannelStateContract {
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
  void writesOneStringUnderThePrefix() {
    state().put("telegram:1:chat:42", "v").await();
    Redis client = Redis.createClient(vertx, RedisStoresTest.URL);
    try {
      var keys = RedisAPI.api(client).keys(prefix + "*").await();
      assertEquals(1, keys.size());
      assertEquals(prefix + "channel:telegram:1:chat:42", keys.get(0).toString());
      assertEquals(List.of("v"), List.of(RedisAPI.api(client).get(keys.get(0).toString()).await().toString()));
    } finally {
      client.close().await();
    }
  }
}
