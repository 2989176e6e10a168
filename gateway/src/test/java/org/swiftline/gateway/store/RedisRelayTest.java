package org.swiftline.gateway.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.swiftline.gateway.relay.Relay;
import org.swiftline.gateway.relay.RelayContract;
import org.swiftline.gateway.store.redis.RedisStores;

/** The relay contract on Redis pub/sub (the real Redis at 127.0.0.1:6379), plus what only a shared relay does. */
class RedisRelayTest extends RelayContract {
  private final String prefix = "swiftline-test:" + UUID.randomUUID() + ":";
  private final List<Stores> opened = new ArrayList<>();

  @Override
  protected Relay open(Vertx vertx) {
    Stores stores = RedisStores.open(vertx, RedisStoresTest.URL, prefix).await();
    opened.add(stores);
    return stores.relay();
  }

  @Test
  void anEventPublishedOnOneInstanceReachesSubscribersOnEveryOther() throws Exception {
    // given a second instance (its own Vert.x and connections) on the same Redis and prefix
    Vertx second = Vertx.vertx();
    try {
      Relay there = RedisStores.open(second, RedisStoresTest.URL, prefix).await().relay();
      List<JsonObject> here = new CopyOnWriteArrayList<>();
      List<JsonObject> away = new CopyOnWriteArrayList<>();
      relay.subscribe("conversation.c1", here::add).await();
      there.subscribe("conversation.c1", away::add).await();
      // when each publishes once
      relay.publish("conversation.c1", new JsonObject().put("from", "A")).await();
      there.publish("conversation.c1", new JsonObject().put("from", "B")).await();
      // then both instances hear both events
      waitFor(() -> here.size() == 2 && away.size() == 2);
      assertEquals(List.of("A", "B"), here.stream().map(e -> e.getString("from")).toList());
      assertEquals(List.of("A", "B"), away.stream().map(e -> e.getString("from")).toList());
    } finally {
      second.close().await();
    }
  }

  @Test
  void deploymentsWithAnotherPrefixDoNotHearEachOther() throws Exception {
    Relay stranger = RedisStores.open(vertx, RedisStoresTest.URL, prefix + "other:").await().relay();
    List<JsonObject> mine = new CopyOnWriteArrayList<>();
    List<JsonObject> theirs = new CopyOnWriteArrayList<>();
    relay.subscribe("t", mine::add).await();
    stranger.subscribe("t", theirs::add).await();
    stranger.publish("t", new JsonObject().put("n", 1)).await();
    relay.publish("t", new JsonObject().put("n", 2)).await();
    waitFor(() -> mine.size() == 1 && theirs.size() == 1);
    assertEquals(2, mine.get(0).getInteger("n"));
    assertEquals(1, theirs.get(0).getInteger("n"));
    stranger.close().await();
  }

  @Test
  void subscriptionsComeBackAfterRedisRestartsAndTheStoreReportsTheOutageMeanwhile() throws Exception {
    try (PrivateRedis server = new PrivateRedis()) {
      // given a relay with a subscriber on a private Redis
      Stores stores = RedisStores.open(vertx, server.url(), prefix).await();
      List<JsonObject> received = new CopyOnWriteArrayList<>();
      stores.relay().subscribe("conversation.c9", received::add).await();
      assertTrue(stores.outage().get().isEmpty());
      // when Redis goes away
      server.stop();
      // then the store says so, naming Redis
      waitFor(() -> stores.outage().get().isPresent());
      assertTrue(stores.outage().get().orElseThrow().contains(server.url()), stores.outage().get().orElseThrow());
      // and when it is back, the outage ends and events published afterwards arrive without subscribing again
      server.start();
      waitFor(() -> stores.outage().get().isEmpty());
      stores.relay().publish("conversation.c9", new JsonObject().put("text", "after the restart")).await();
      waitFor(() -> received.size() == 1);
      assertEquals("after the restart", received.get(0).getString("text"));
      stores.close().get().await();
    }
  }
}
