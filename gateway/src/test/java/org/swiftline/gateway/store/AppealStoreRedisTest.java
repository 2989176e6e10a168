package org.swiftline.gateway.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.swiftline.gateway.appeals.Appeal;
import org.swiftline.gateway.store.redis.RedisStores;

/**
 * The appeal store contract on the real Redis at 127.0.0.1:6379, each test under its own key prefix whose
 * keys are deleted afterwards; plus numbering from several instances and the key layout.
 */
class AppealStoreRedisTest extends AppealStoreContract {
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

  @Test
  void instancesSharingRedisNeverHandOutTheSameNumber() {
    List<Vertx> instances = List.of(Vertx.vertx(), Vertx.vertx());
    List<Stores> opened = instances.stream().map(this::open).toList();
    try {
      List<Future<String>> taken = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        for (Stores s : opened) taken.add(s.appeals().nextNumber(T0));
      }
      Future.all(taken).await();
      Set<String> distinct = new HashSet<>();
      taken.forEach(f -> distinct.add(f.result()));
      assertEquals(80, distinct.size());
    } finally {
      opened.forEach(s -> s.close().get().await());
      instances.forEach(v -> v.close().await());
    }
  }

  @Test
  void writesOnlyUnderItsPrefixAndSurvivesAReopen() {
    Appeal filed = file(ANN, "transport", "transport-taxi", T0);
    Redis client = Redis.createClient(vertx, RedisStoresTest.URL);
    try {
      List<String> keys = new ArrayList<>();
      for (Response key : RedisAPI.api(client).keys(prefix + "*").await()) keys.add(key.toString());
      assertTrue(keys.stream().allMatch(k -> k.startsWith(prefix)), keys.toString());
      assertTrue(keys.contains(prefix + "appeal:{" + filed.number() + "}"), keys.toString());
    } finally {
      client.close().await();
    }
    stores.close().get().await();
    stores = open(vertx);
    appeals = stores.appeals();
    assertEquals(filed, appeals.find(filed.number()).await().orElseThrow());
  }
}
