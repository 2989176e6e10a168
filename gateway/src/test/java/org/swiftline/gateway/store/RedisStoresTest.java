package org.swiftline.gateway.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.swiftline.bots.TranscriptEntry;
import org.swiftline.gateway.TestGateway;
import org.swiftline.gateway.store.redis.RedisStores;

/**
 * The store contract on the real Redis at 127.0.0.1:6379 (started by {@code .ci/run}), each test under its
 * own key prefix, whose keys are deleted afterwards; plus writers on several instances and reopening.
 */
class RedisStoresTest extends StoreContract {
  static final String URL = "redis://127.0.0.1:6379/0";
  private final String prefix = "swiftline-test:" + UUID.randomUUID() + ":";

  @Override
  protected Stores open(Vertx vertx) {
    return RedisStores.open(vertx, URL, prefix).await();
  }

  @AfterEach
  void deleteKeys() {
    deleteKeys(vertx, prefix);
  }

  /** Deletes every key under {@code prefix} with SCAN and DEL. */
  static void deleteKeys(Vertx vertx, String prefix) {
    TestGateway.deleteRedisKeys(URL, prefix);
  }

  private List<String> keys() {
    Redis client = Redis.createClient(vertx, URL);
    try {
      List<String> keys = new ArrayList<>();
      for (Response key : RedisAPI.api(client).keys(prefix + "*").await()) keys.add(key.toString());
      return keys;
    } finally {
      client.close().await();
    }
  }

  @Test
  void writersOnSeveralInstancesNumberOneConversationWithoutGapsOrRepeats() {
    // given three gateway instances, each with its own Vert.x and Redis connections
    List<Vertx> instances = List.of(Vertx.vertx(), Vertx.vertx(), Vertx.vertx());
    List<Stores> opened = instances.stream().map(this::open).toList();
    try {
      // when each records 30 two-entry turns on the same conversation at the same time
      List<Future<List<TranscriptEntry>>> writes = new ArrayList<>();
      for (int i = 0; i < 30; i++) {
        for (int n = 0; n < opened.size(); n++) {
          writes.add(opened.get(n).conversations().record(conversation("shared", "gina"),
              List.of(entry("user", "q" + n + "-" + i), entry("bot", "a" + n + "-" + i))));
        }
      }
      Future.all(writes).await();
      // then every turn got two consecutive numbers and the transcript is 1..180 in order
      for (Future<List<TranscriptEntry>> w : writes) {
        List<TranscriptEntry> turn = w.result();
        assertEquals(turn.get(0).seq() + 1, turn.get(1).seq());
        assertEquals(turn.get(0).text().substring(1), turn.get(1).text().substring(1));
      }
      List<TranscriptEntry> all = stores.conversations().transcript("shared", 0, 1000).await();
      assertEquals(LongStream.rangeClosed(1, 180).boxed().toList(), all.stream().map(TranscriptEntry::seq).toList());
      for (int k = 0; k < all.size(); k += 2) {
        assertEquals("q" + all.get(k + 1).text().substring(1), all.get(k).text(), "a turn's entries stay together");
      }
    } finally {
      opened.forEach(s -> s.close().get().await());
      instances.forEach(v -> v.close().await());
    }
  }

  @Test
  void aReopenedStoreHasEverythingThatWasRecordedAndContinuesTheNumbers() {
    stores.conversations().record(conversation("durable", "frank"), List.of(entry("user", "q"), entry("bot", "a"))).await();
    stores.close().get().await();
    stores = open(vertx);
    assertEquals("frank", stores.conversations().find("durable").await().orElseThrow().owner().userId());
    assertEquals(2, stores.conversations().transcript("durable", 0, 10).await().size());
    List<TranscriptEntry> next = stores.conversations().record(conversation("durable", "frank"), List.of(entry("user", "q2"))).await();
    assertEquals(3, next.get(0).seq());
  }

  @Test
  void keepsTheOwnerAndCreationTimeAndForgetsAClearedLanguage() {
    Conversation first = conversation("c6", "henry");
    stores.conversations().record(first, List.of(entry("user", "hi"))).await();
    Conversation later = new Conversation("c6", first.owner(), null, first.createdAt().plusSeconds(60),
        first.createdAt().plusSeconds(60), new JsonObject());
    stores.conversations().record(later, List.of()).await();
    Conversation found = stores.conversations().find("c6").await().orElseThrow();
    assertEquals(first.createdAt(), found.createdAt());
    assertEquals(later.updatedAt(), found.updatedAt());
    assertEquals(null, found.language());
    assertEquals(1, stores.conversations().transcript("c6", 0, 10).await().size());
  }

  @Test
  void writesOnlyUnderItsPrefix() {
    stores.conversations().record(conversation("c7", "ida"), List.of(entry("user", "q"))).await();
    stores.feedback().record(new AnswerFeedback("c7", "visa-extension", "en", true, java.time.Instant.EPOCH)).await();
    List<String> keys = keys();
    assertEquals(3, keys.size(), keys.toString());
    assertTrue(keys.stream().allMatch(k -> k.startsWith(prefix)), keys.toString());
  }

  @Test
  void anUnreachableServerFailsNamingItsUrl() {
    RuntimeException e = assertThrows(RuntimeException.class,
        () -> RedisStores.open(vertx, "redis://:secret@127.0.0.1:1/0", prefix).await());
    assertTrue(e.getMessage().contains("redis://:***@127.0.0.1:1/0"), e.getMessage());
    assertTrue(!e.getMessage().contains("secret"), e.getMessage());
  }
}
