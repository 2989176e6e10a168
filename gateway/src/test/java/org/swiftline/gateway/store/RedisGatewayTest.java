package org.swiftline.gateway.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Files;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.swiftline.gateway.TestGateway;

/** The gateway on {@code SWIFTLINE_STORE=redis}, against the real Redis at 127.0.0.1:6379. */
class RedisGatewayTest {
  private final String prefix = "swiftline-test:" + UUID.randomUUID() + ":";
  private final Map<String, String> redis = Map.of(
      "SWIFTLINE_STORE", "redis",
      "SWIFTLINE_REDIS_URL", "redis://127.0.0.1:6379/0",
      "SWIFTLINE_REDIS_PREFIX", prefix);

  @AfterEach
  void deleteKeys() {
    Vertx vertx = Vertx.vertx();
    try {
      RedisStoresTest.deleteKeys(vertx, prefix);
    } finally {
      vertx.close().await();
    }
  }

  private static JsonObject chat(TestGateway gateway, JsonObject body) {
    HttpResponse<Buffer> r = gateway.chat(body);
    assertEquals(200, r.statusCode(), r.bodyAsString());
    return r.bodyAsJsonObject();
  }

  @Test
  void aConversationOnRedisSurvivesARestartOfTheGateway() {
    // given a gateway on Redis that answered one turn
    String id;
    try (TestGateway first = TestGateway.start(TestGateway.repositoryKnowledgeBase(), redis)) {
      JsonObject turn = chat(first, new JsonObject().put("userId", "rosa").put("text", "how do I extend my visa?"));
      assertEquals("answered", turn.getString("outcome"), turn.encode());
      assertEquals(2, turn.getLong("lastSeq"));
      id = turn.getString("conversationId");
      assertFalse(Files.exists(first.data.resolve("swiftline.db")), "the Redis store writes no SQLite file");
    }
    // when a new gateway, with a fresh data folder, starts on the same Redis
    try (TestGateway second = TestGateway.start(TestGateway.repositoryKnowledgeBase(), redis)) {
      // then it has the transcript and continues the conversation where it stopped
      HttpResponse<Buffer> r = second.get("/api/v1/chat/" + id + "/messages?userId=rosa&after=0");
      assertEquals(200, r.statusCode(), r.bodyAsString());
      JsonArray messages = r.bodyAsJsonObject().getJsonArray("messages");
      assertEquals(2, messages.size(), messages.encode());
      assertEquals("how do I extend my visa?", messages.getJsonObject(0).getString("text"));
      assertEquals("bot", messages.getJsonObject(1).getString("author"));
      JsonObject next = chat(second, new JsonObject().put("userId", "rosa").put("conversationId", id)
          .put("text", "what documents do I need for a work permit?"));
      assertEquals(id, next.getString("conversationId"));
      assertEquals(4, next.getLong("lastSeq"));
      assertEquals(404, second.get("/api/v1/chat/" + id + "/messages?userId=intruder").statusCode(),
          "the owner is kept across the restart");
    }
  }

  @Test
  void anUnreachableRedisStopsStartUpNamingItsUrl() {
    RuntimeException e = assertThrows(RuntimeException.class, () -> TestGateway.start(TestGateway.repositoryKnowledgeBase(),
        Map.of("SWIFTLINE_STORE", "redis", "SWIFTLINE_REDIS_URL", "redis://127.0.0.1:1")));
    assertTrue(e.getMessage().contains("redis://127.0.0.1:1"), e.getMessage());
  }
}
