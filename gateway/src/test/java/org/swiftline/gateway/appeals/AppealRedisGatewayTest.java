package org.swiftline.gateway.appeals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.swiftline.gateway.TestGateway;
import org.swiftline.gateway.appeals.AppealChatTest.Chat;

/** Appeals end to end on {@code SWIFTLINE_STORE=redis}, against the real Redis at 127.0.0.1:6379. */
class AppealRedisGatewayTest {
  static final String ADMIN = "admin-token-for-redis-tests-0042";
  private final String prefix = "swiftline-test:" + UUID.randomUUID() + ":";

  @AfterEach
  void deleteKeys() {
    Vertx vertx = Vertx.vertx();
    Redis client = Redis.createClient(vertx, "redis://127.0.0.1:6379/0");
    try {
      RedisAPI redis = RedisAPI.api(client);
      String cursor = "0";
      do {
        Response page = redis.scan(List.of(cursor, "MATCH", prefix + "*", "COUNT", "1000")).await();
        cursor = page.get(0).toString();
        List<String> keys = new ArrayList<>();
        for (Response key : page.get(1)) keys.add(key.toString());
        if (!keys.isEmpty()) redis.del(keys).await();
      } while (!cursor.equals("0"));
    } finally {
      client.close().await();
      vertx.close().await();
    }
  }

  @Test
  void anAppealFiledOnOneGatewayIsHandledThroughAnotherOnTheSameRedis() {
    Map<String, String> env = Map.of("SWIFTLINE_STORE", "redis", "SWIFTLINE_REDIS_URL", "redis://127.0.0.1:6379/0",
        "SWIFTLINE_REDIS_PREFIX", prefix, "SWIFTLINE_ADMIN_TOKEN", ADMIN);
    String number;
    String conversationId;
    try (TestGateway first = TestGateway.start(TestGateway.repositoryKnowledgeBase(), env)) {
      Chat chat = new Chat(first, "redis-citizen");
      chat.say("I want to complain");
      chat.say("the streetlight on Xinjiekou street in Xicheng has been broken for a week");
      chat.pick("appeal:skip");
      chat.pick("appeal:confirm");
      assertEquals("appeal_filed", chat.outcome());
      number = AppealChatTest.number(chat.text());
      conversationId = chat.conversationId;
    }
    try (TestGateway second = TestGateway.start(TestGateway.repositoryKnowledgeBase(), env)) {
      HttpResponse<Buffer> created = second.client.post("/api/v1/admin/departments/city-management/keys")
          .putHeader("Authorization", "Bearer " + ADMIN).send().await();
      String key = created.bodyAsJsonObject().getString("apiKey");
      HttpResponse<Buffer> accepted = second.client.post("/api/v1/departments/city-management/appeals/" + number + "/accept")
          .putHeader("Authorization", "Bearer " + key).send().await();
      assertEquals(200, accepted.statusCode(), accepted.bodyAsString());
      assertEquals("in_progress", accepted.bodyAsJsonObject().getString("status"));

      Chat chat = new Chat(second, "redis-citizen");
      chat.conversationId = conversationId;
      chat.say("status");
      assertEquals("appeal_status", chat.outcome());
      assertTrue(chat.text().contains(number) && chat.text().contains("is handling it"), chat.text());
      JsonObject shown = second.client.get("/api/v1/departments/city-management/appeals/" + number)
          .putHeader("Authorization", "Bearer " + key).send().await().bodyAsJsonObject();
      assertEquals(3, shown.getJsonArray("trail").size());
    }
  }
}
